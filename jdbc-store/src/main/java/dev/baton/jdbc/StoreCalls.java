/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.core.OwnedThreads;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.LogIds;
import dev.baton.jdbc.internal.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.sql.DataSource;

/**
 * Runs the store's operations, each as one {@link Call} on a pooled connection within {@code storeTimeout} (the wait
 * for the connection included), and turns their failures into {@link SessionStoreException}s that name the
 * operation, the masked URL, the elapsed time and the hashed session ID. A connection that broke under an operation
 * is evicted from the store's own pool, so that no later operation gets it.
 */
final class StoreCalls implements AutoCloseable {

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final Dialect dialect;
    private final String maskedUri;
    private final long timeoutMillis;
    private final ScheduledExecutorService timer;
    private final OwnedThreads threads;

    /**
     * Calls on a data source.
     *
     * @param dataSource where connections come from
     * @param ownedPool the same data source when the store owns it (it is closed with the calls), else {@code null}
     * @param dialect the database's dialect
     * @param maskedUri the store URL with its password masked
     * @param timeoutMillis {@code storeTimeout}
     * @param threads makes the deadline timer's thread (and the own pool's), which {@link #close()} waits for
     */
    StoreCalls(DataSource dataSource, HikariDataSource ownedPool, Dialect dialect, String maskedUri,
            long timeoutMillis, OwnedThreads threads) {
        this.threads = threads;
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.dialect = dialect;
        this.maskedUri = maskedUri;
        this.timeoutMillis = timeoutMillis;
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
                threads.named("baton-jdbc-deadlines"));
        deadlines.setRemoveOnCancelPolicy(true);
        this.timer = deadlines;
    }

    /**
     * Runs one operation.
     *
     * @param operation the operation's name, for messages
     * @param id the session ID, or {@code null} when the operation concerns no one session
     * @param work the operation's statements
     * @param <T> their result
     * @return their result
     * @throws SessionStoreUnavailableException when the database is unreachable or slower than {@code storeTimeout}
     * @throws SessionStoreException for any other SQL error
     */
    <T> T run(String operation, String id, Call.Work<T> work) {
        long start = System.nanoTime();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (Call call = new Call(connection, start, timeoutMillis, dialect.networkTimeout(), timer)) {
                return work.run(call);
            }
        } catch (SQLException e) {
            if (connection != null && ownedPool != null && SqlStates.isBrokenConnection(e)) {
                ownedPool.evictConnection(connection);
            }
            throw failure(operation, start, id, e);
        } finally {
            closeQuietly(connection);
        }
    }

    /** The store URL with its password masked. */
    String maskedUri() {
        return maskedUri;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (ownedPool != null) {
            ownedPool.close();
        }
        threads.awaitEnd(Duration.ofSeconds(2));
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Back in the pool or gone: nothing left to do with it.
        }
    }

    private SessionStoreException failure(String operation, long startNanos, String id, SQLException e) {
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        String hash = id == null ? null : LogIds.hash(id);
        if (SqlStates.isOutage(e)) {
            return new SessionStoreUnavailableException(operation, maskedUri, elapsed, hash,
                    "the database is unreachable or slower than storeTimeout=" + timeoutMillis + "ms: "
                            + e.getMessage(), e);
        }
        return new SessionStoreException(operation, maskedUri, elapsed, hash,
                "SQL error " + SqlStates.state(e) + ": " + e.getMessage(), e);
    }
}
