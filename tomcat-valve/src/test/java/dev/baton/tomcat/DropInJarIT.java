package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drop-in jar alone, as in {@code $CATALINA_BASE/lib}: loaded by a class loader that sees nothing else, it finds
 * its stores and its relocated JDBC drivers through the merged service files, and talks to Redis and PostgreSQL.
 */
class DropInJarIT {

    private static File allJar() {
        File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("baton-tomcat-valve-")
                && name.endsWith("-all.jar"));
        assertThat(jars).as("the drop-in jar built by the package phase").hasSize(1);
        return jars[0];
    }

    private static void openAndPing(ClassLoader loader, String uri) throws Exception {
        Class<?> configClass = loader.loadClass("dev.baton.core.BatonConfig");
        Object config = configClass.getMethod("resolve", Map.class, String.class, Map.class, Map.class)
                .invoke(null, Map.of("store", uri, "createSchema", "true", "tableName", "baton_dropin"),
                        "Manager attribute", Map.of(), Map.of());
        Class<?> contextClass = loader.loadClass("dev.baton.core.StoreContext");
        Object context = contextClass.getConstructor(configClass, Clock.class).newInstance(config, Clock.systemUTC());
        Method open = loader.loadClass("dev.baton.core.SessionStores").getMethod("open", contextClass,
                ClassLoader.class);
        try (AutoCloseable store = (AutoCloseable) open.invoke(null, context, loader)) {
            store.getClass().getMethod("ping").invoke(store);
            assertThat(store.getClass().getClassLoader()).isSameAs(loader);
        }
    }

    @Test
    void dropInJarWhenAloneOnTheClassPathThenFindsStoresAndDrivers() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {allJar().toURI().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThat(Arrays.stream(new String[] {"io.lettuce.core.RedisClient", "com.zaxxer.hikari.HikariConfig"})
                    .filter(name -> {
                        try {
                            loader.loadClass(name);
                            return true;
                        } catch (ClassNotFoundException e) {
                            return false;
                        }
                    })).as("libraries are relocated, not under their own names").isEmpty();

            openAndPing(loader, TestServices.redisUri());
            openAndPing(loader, TestServices.postgresUrl());
        }
    }
}
