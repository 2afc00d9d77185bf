/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drop-in jar alone, as in {@code $CATALINA_BASE/lib}: loaded by a class loader that sees nothing else, it carries
 * its libraries relocated under {@code dev.baton.shaded}, finds its stores and its relocated JDBC drivers through the
 * merged service files, and talks to Redis and PostgreSQL. The MariaDB driver (LGPL) is not in it: with the driver's
 * own jar beside it, as a user puts it in {@code $CATALINA_BASE/lib}, it talks to MariaDB too.
 */
class DropInJarIT {

    private static final String SHADED = "dev.baton.shaded.";

    private URLClassLoader loader;

    @BeforeEach
    void loadJarAlone() throws IOException {
        loader = new URLClassLoader(new URL[] {dropInJar()}, ClassLoader.getPlatformClassLoader());
    }

    private static URL dropInJar() throws IOException {
        File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("baton-tomcat-valve-")
                && name.endsWith("-all.jar"));
        assertThat(jars).as("the drop-in jar built by the package phase").hasSize(1);
        return jars[0].toURI().toURL();
    }

    @AfterEach
    void close() throws IOException {
        loader.close();
    }

    private boolean loads(String className) {
        try {
            loader.loadClass(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private List<String> services(String service) throws IOException {
        try (InputStream in = loader.getResourceAsStream("META-INF/services/" + service)) {
            assertThat(in).as("service file of " + service).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }

    private void openAndPing(String uri) throws Exception {
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
    void dropInJarWhenLoadedAloneThenEveryLibraryIsRelocated() {
        List<String> libraries = List.of("io.lettuce.core.RedisClient", "io.netty.channel.Channel",
                "reactor.core.publisher.Mono", "com.zaxxer.hikari.HikariConfig", "com.esotericsoftware.kryo.Kryo",
                "com.github.benmanes.caffeine.cache.Caffeine", "org.objenesis.Objenesis", "org.slf4j.LoggerFactory",
                "org.postgresql.Driver");

        assertThat(libraries.stream().filter(this::loads)).as("under their own names").isEmpty();
        assertThat(libraries.stream().filter(name -> !loads(SHADED + name))).as("missing under " + SHADED).isEmpty();
        assertThat(loads("org.mariadb.jdbc.Driver") || loads(SHADED + "org.mariadb.jdbc.Driver"))
                .as("the MariaDB driver (LGPL), which users add as its own jar").isFalse();
    }

    @Test
    void dropInJarWhenLoadedAloneThenServiceFilesOfStoresAndDriversAreMerged() throws IOException {
        assertThat(services("dev.baton.core.SessionStoreProvider")).containsExactlyInAnyOrder(
                "dev.baton.core.memory.InMemoryStoreProvider", "dev.baton.redis.RedisStoreProvider",
                "dev.baton.jdbc.JdbcStoreProvider");
        assertThat(services("java.sql.Driver")).containsExactly(SHADED + "org.postgresql.Driver");
        for (String service : List.of("dev.baton.core.SessionStoreProvider", "java.sql.Driver")) {
            assertThat(services(service).stream().filter(provider -> !loads(provider))).as(service).isEmpty();
        }
    }

    @Test
    void dropInJarWhenLoadedAloneThenOpensRedisAndPostgresStores() throws Exception {
        openAndPing(TestServices.redisUri());
        openAndPing(TestServices.postgresUrl());
    }

    @Test
    void dropInJarWhenTheMariaDbDriverJarIsBesideItThenOpensAMariaDbStore() throws Exception {
        URL driver = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> new File(entry).getName().startsWith("mariadb-java-client-")).findFirst()
                .map(entry -> toUrl(new File(entry))).orElseThrow();
        loader.close();
        loader = new URLClassLoader(new URL[] {dropInJar(), driver}, ClassLoader.getPlatformClassLoader());

        openAndPing(TestServices.mariadbUrl());
    }

    private static URL toUrl(File file) {
        try {
            return file.toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
