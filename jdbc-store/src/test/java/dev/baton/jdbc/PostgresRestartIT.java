/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.jdbc.testing.PrivatePostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A private PostgreSQL crashed and started again under a live store, while savers keep saving across the outage. */
class PostgresRestartIT {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
    /** Time allowed past storeTimeout: the network grace (250 ms) plus a loaded machine's scheduling. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final int SAVERS = 4;

    private static SessionChange create(String id) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("cart", id.getBytes()), Set.of());
    }

    /** A save that failed: how, and after how long. */
    private record Failure(SessionStoreException error, Duration elapsed) {
    }

    @Test
    void saveWhenDatabaseCrashesUnderConcurrentSaversThenFailsWithinStoreTimeoutAndLosesNothingSaved()
            throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            BatonConfig config = BatonConfig.builder().store(postgres.url())
                    .set("storeTimeout", STORE_TIMEOUT.toMillis() + "ms").set("createSchema", "true")
                    .set("poolSize", "4").build();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader())) {
                SessionIds ids = SessionIds.create();
                Queue<String> saved = new ConcurrentLinkedQueue<>();
                Queue<Failure> failures = new ConcurrentLinkedQueue<>();
                Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService savers = Executors.newFixedThreadPool(SAVERS);
                List<Future<?>> running = new ArrayList<>();
                long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                for (int i = 0; i < SAVERS; i++) {
                    running.add(savers.submit(() -> {
                        while (!stop.get() && System.nanoTime() < bound) {
                            String id = ids.next();
                            long start = System.nanoTime();
                            try {
                                if (store.save(create(id)) == SaveResult.SAVED) {
                                    saved.add(id);
                                }
                            } catch (SessionStoreException e) {
                                failures.add(new Failure(e, Duration.ofNanos(System.nanoTime() - start)));
                            } catch (RuntimeException e) {
                                unexpected.add(e);
                            }
                        }
                    }));
                }
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> saved.size() >= 50);

                    postgres.stopNow();
                    int savedBeforeRestart;
                    await().atMost(Duration.ofSeconds(30)).until(() -> failures.size() >= 2 * SAVERS);
                    savedBeforeRestart = saved.size();
                    int failedWhileDown = failures.size();

                    postgres.startServer();
                    await().atMost(Duration.ofSeconds(30)).until(() -> saved.size() >= savedBeforeRestart + 20);
                    stop.set(true);
                    for (Future<?> saver : running) {
                        saver.get(30, TimeUnit.SECONDS);
                    }
                    assertThat(failedWhileDown).isGreaterThanOrEqualTo(2 * SAVERS);
                } finally {
                    stop.set(true);
                    savers.shutdownNow();
                }

                assertThat(unexpected).isEmpty();
                assertThat(failures).allSatisfy(failure -> {
                    assertThat(failure.error()).isInstanceOf(SessionStoreUnavailableException.class)
                            .hasMessageContaining("Session store save failed on jdbc:postgresql://127.0.0.1:"
                                    + postgres.port)
                            .hasMessageContaining("the database is unreachable or slower than storeTimeout="
                                    + STORE_TIMEOUT.toMillis() + "ms");
                    assertThat(failure.elapsed()).isLessThan(STORE_TIMEOUT.plus(MARGIN));
                });
                for (int i = 0; i < 10; i++) {
                    assertThat(store.save(create(ids.next()))).as("a save after the restart")
                            .isEqualTo(SaveResult.SAVED);
                }
                for (String id : saved) {
                    assertThat(store.load(id)).as("a session whose save returned SAVED").isPresent()
                            .hasValueSatisfying(session -> assertThat(session.attributes().get("cart"))
                                    .isEqualTo(id.getBytes()));
                }
            }
        }
    }
}
