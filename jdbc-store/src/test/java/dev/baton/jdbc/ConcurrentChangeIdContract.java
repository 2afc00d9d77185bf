/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionChange.Kind;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes of session ID while other sessions are created, written and deleted at once, as logins under load do; every
 * ID change and every save must succeed, and move or write everything.
 *
 * <ul>
 *   <li>H2 2.3.232 failed some of the ID changes done as one {@code UPDATE} with {@code ON UPDATE CASCADE} with
 *       "Referential integrity constraint violation" under concurrent writes (a sample cluster's logins failed).
 *   <li>MariaDB chose some of the concurrent transactions as deadlock victims (SQLState 40001) and a login's save
 *       failed with HTTP 500 in the sample cluster's demo: InnoDB's gap locks let creations of new IDs meet.
 * </ul>
 */
abstract class ConcurrentChangeIdContract {

    private static final int CHANGERS = 8;
    private static final int WRITERS = 8;
    private static final int CHANGES_EACH = 150;
    private static final int SAVES_EACH = 150;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final SessionIds IDS = SessionIds.create();
    private static final String TABLE = "baton_id_race";

    private SessionStore store;
    private ExecutorService pool;

    @BeforeEach
    void open() {
        BatonConfig config = BatonConfig.builder().store(storeUri()).set("tableName", TABLE).set("createSchema", "true")
                .set("poolSize", "16").build();
        store = SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
        pool = Executors.newFixedThreadPool(CHANGERS + WRITERS);
    }

    /**
     * The database under test.
     *
     * @return the store URI
     */
    protected abstract String storeUri();

    @AfterEach
    void close() throws SQLException {
        pool.shutdownNow();
        store.close();
        try (Connection connection = DriverManager.getConnection(storeUri());
                Statement statement = connection.createStatement()) {
            for (String table : List.of(TABLE + "_attributes", TABLE + "_counters", TABLE)) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void changeIdWhenOtherSessionsAreSavedAtOnceThenEveryChangeSucceedsAndMovesTheAttributes() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < CHANGERS; t++) {
            work.add(pool.submit(() -> {
                start.await();
                String id = IDS.next();
                store.save(create(id, Map.of("user", bytes("u"), "cart", bytes("c"))));
                for (int i = 0; i < CHANGES_EACH; i++) {
                    String next = IDS.next();
                    try {
                        if (!store.changeId(id, next)) {
                            failures.add("changeId returned false");
                        }
                        id = next;
                        store.save(update(id, Map.of("n", bytes(Integer.toString(i)))));
                    } catch (RuntimeException e) {
                        failures.add(String.valueOf(e));
                        return null;
                    }
                }
                StoredSession last = store.load(id).orElseThrow();
                assertThat(last.attributes()).containsOnlyKeys("user", "cart", "n");
                return null;
            }));
        }
        for (int t = 0; t < WRITERS; t++) {
            work.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < SAVES_EACH; i++) {
                    String id = IDS.next();
                    try {
                        store.save(create(id, Map.of("a", bytes("1"), "b", bytes("2"))));
                        store.save(update(id, Map.of("a", bytes("3"))));
                        store.delete(id);
                    } catch (RuntimeException e) {
                        failures.add(String.valueOf(e));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> done : work) {
            done.get(120, TimeUnit.SECONDS);
        }

        assertThat(failures).isEmpty();
    }

    @Test
    void saveOfTheOldIdWhenItsIdChangesAtOnceThenSavedBeforeOrGoneAfter() throws Exception {
        for (int round = 0; round < 200; round++) {
            String oldId = IDS.next();
            String newId = IDS.next();
            store.save(create(oldId, Map.of("user", bytes("u"))));
            CountDownLatch start = new CountDownLatch(1);
            Future<SaveResult> save = pool.submit(() -> {
                start.await();
                return store.save(update(oldId, Map.of("late", bytes("x"))));
            });
            Future<Boolean> change = pool.submit(() -> {
                start.await();
                return store.changeId(oldId, newId);
            });
            start.countDown();

            SaveResult saved = save.get(30, TimeUnit.SECONDS);
            assertThat(change.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(store.load(oldId)).isEmpty();
            Map<String, byte[]> moved = store.load(newId).orElseThrow().attributes();
            if (saved == SaveResult.SAVED) {
                assertThat(moved).containsOnlyKeys("user", "late");
            } else {
                assertThat(saved).isEqualTo(SaveResult.GONE);
                assertThat(moved).containsOnlyKeys("user");
            }
        }
    }

    private static SessionChange create(String id, Map<String, byte[]> attributes) {
        Instant now = Instant.now();
        return new SessionChange(Kind.CREATE, id, now, now, now, TIMEOUT, now.plus(TIMEOUT), null, attributes,
                Set.of());
    }

    private static SessionChange update(String id, Map<String, byte[]> set) {
        Instant now = Instant.now();
        return new SessionChange(Kind.UPDATE, id, now, now, now, TIMEOUT, now.plus(TIMEOUT), null, set, Set.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
