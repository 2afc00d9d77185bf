/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * storeTimeout bounds each operation as a whole: statements blocked behind a table lock that another connection
 * holds fail with {@link SessionStoreUnavailableException} once storeTimeout has passed, are cancelled in the
 * database, and leave the pool whole. Each database adds how to lock a table and how to see who waits for it.
 */
abstract class JdbcStoreTimeouts {

    /** The store's JDBC URL. */
    protected abstract String url();

    /**
     * Locks the test's tables against every other connection, readers included, until {@link #unlock}.
     *
     * @param connection the connection that holds the lock
     * @param table the sessions table; its attributes table is {@code <table>_attributes}
     */
    protected abstract void lockTables(Connection connection, String table) throws SQLException;

    /** Releases what {@link #lockTables} took. */
    protected abstract void unlock(Connection connection) throws SQLException;

    /**
     * The statements, on any connection, that wait for a lock and mention the table.
     *
     * @param connection a connection to ask on
     * @param table the sessions table
     */
    protected abstract int statementsWaitingForLocks(Connection connection, String table) throws SQLException;

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
    /** Time allowed past storeTimeout: the network grace (250 ms) plus a loaded machine's scheduling. */
    private static final Duration MARGIN = Duration.ofMillis(1000);
    private static final SessionIds IDS = SessionIds.create();

    private final String table = "baton_to_" + Long.toHexString(System.nanoTime());
    private SessionStore store;
    private Connection locker;

    @BeforeEach
    final void open() throws SQLException {
        String url = url();
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .set("storeTimeout", STORE_TIMEOUT.toMillis() + "ms").set("poolSize", "2").build();
        store = SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
        locker = DriverManager.getConnection(url);
    }

    @AfterEach
    final void close() throws SQLException {
        store.close();
        locker.close();
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static SessionChange change(SessionChange.Kind kind, String id, String cart) {
        Instant now = Instant.now();
        return new SessionChange(kind, id, now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)),
                null, Map.of("cart", cart.getBytes()), Set.of());
    }

    private void lockTable() throws SQLException {
        lockTables(locker, table);
    }

    private int backendsWaitingForLocks() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url())) {
            return statementsWaitingForLocks(connection, table);
        }
    }

    private static void assertFailsInTime(String what, ThrowingCallable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call).as(what).isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("storeTimeout=" + STORE_TIMEOUT.toMillis() + "ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what)
                .isLessThan(STORE_TIMEOUT.plus(MARGIN));
    }

    @Test
    void operationsWhenTableIsLockedLongerThanStoreTimeoutThenFailWithinItAndAreCancelled() throws Exception {
        String id = IDS.next();
        assertThat(store.save(change(SessionChange.Kind.CREATE, id, "before"))).isEqualTo(SaveResult.SAVED);
        lockTable();

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.save(change(SessionChange.Kind.UPDATE, id, "lost")))
                .isInstanceOf(SessionStoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the statement had the whole storeTimeout")
                .isGreaterThanOrEqualTo(STORE_TIMEOUT.minusMillis(50));
        assertFailsInTime("load", () -> store.load(id));
        assertFailsInTime("create", () -> store.save(change(SessionChange.Kind.CREATE, IDS.next(), "new")));
        assertFailsInTime("changeId", () -> store.changeId(id, IDS.next()));
        assertFailsInTime("delete", () -> store.delete(id));
        assertFailsInTime("reapExpired", () -> store.reapExpired(Instant.now(), 10));

        await().atMost(Duration.ofSeconds(5)).until(() -> backendsWaitingForLocks() == 0);
        unlock(locker);

        StoredSession after = store.load(id).orElseThrow();
        assertThat(new String(after.attributes().get("cart"))).as("the cancelled save was not applied")
                .isEqualTo("before");
        assertThat(after.version()).isEqualTo(1);
    }

    @Test
    void saveWhenMoreCallersThanConnectionsWaitOnALockThenAllFailWithinStoreTimeoutAndThePoolRecovers()
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(IDS.next());
            store.save(change(SessionChange.Kind.CREATE, ids.get(i), "before"));
        }
        lockTable();

        ExecutorService callers = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (String id : ids) {
                saves.add(callers.submit(() -> {
                    assertFailsInTime("save of a waiting caller",
                            () -> store.save(change(SessionChange.Kind.UPDATE, id, "lost")));
                    return null;
                }));
            }
            for (Future<?> save : saves) {
                save.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> backendsWaitingForLocks() == 0);
        unlock(locker);

        for (String id : ids) {
            assertThat(store.save(change(SessionChange.Kind.UPDATE, id, "after"))).isEqualTo(SaveResult.SAVED);
            assertThat(new String(store.load(id).orElseThrow().attributes().get("cart"))).isEqualTo("after");
        }
    }
}
