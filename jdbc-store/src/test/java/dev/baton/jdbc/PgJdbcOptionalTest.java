/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * PgJDBC is {@code provided}: an H2 (or MariaDB) user has none, and the store, its near-cache check included, must
 * never reach for it. Baton's classes run here in a class loader that can't see PgJDBC at all.
 */
class PgJdbcOptionalTest {

    /** Loads Baton's classes itself (so that they link through it) and hides PgJDBC's classes and its driver entry. */
    private static final class WithoutPgJdbc extends ClassLoader {

        WithoutPgJdbc(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("org.postgresql.")) {
                    throw new ClassNotFoundException(name + " (hidden: PgJDBC is not on this class path)");
                }
                if (!name.startsWith("dev.baton.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return loaded;
            }
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = Collections.list(super.getResources(name));
            urls.removeIf(url -> url.toString().contains("postgresql"));
            return Collections.enumeration(urls);
        }
    }

    /** Runs in the loader without PgJDBC: an H2 store with the near cache asked for. */
    public static final class H2WithNearCache implements Callable<String> {
        @Override
        public String call() {
            BatonConfig config = BatonConfig.builder().store("jdbc:h2:mem:pgjdbc-optional;DB_CLOSE_DELAY=-1")
                    .set("nearCacheSize", "1MiB").build();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader())) {
                if (store.openInvalidationFeed().isPresent()) {
                    return "a feed on H2";
                }
                try {
                    SessionEngine.builder(config).store(store).build().close();
                    return "an engine with a near cache and no feed";
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
        }
    }

    @Test
    void h2StoreWhenPgJdbcIsAbsentThenOpensAndRefusesTheNearCacheByItsKey() throws Exception {
        ClassLoader loader = new WithoutPgJdbc(getClass().getClassLoader());
        assertThat(Class.forName(H2WithNearCache.class.getName(), true, loader).getClassLoader()).isSameAs(loader);
        assertThatThrownBy(() -> Class.forName("org.postgresql.PGConnection", false, loader))
                .isInstanceOf(ClassNotFoundException.class);

        @SuppressWarnings("unchecked")
        Callable<String> check = (Callable<String>) Class.forName(H2WithNearCache.class.getName(), true, loader)
                .getConstructor().newInstance();

        assertThat(check.call()).startsWith("nearCacheSize=1048576").contains("has no invalidation feed");
    }
}
