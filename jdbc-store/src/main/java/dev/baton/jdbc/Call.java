/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static dev.baton.jdbc.internal.Dialect.NETWORK_GRACE_MILLIS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One store operation on one connection, within one deadline: {@code storeTimeout} after the operation began
 * (before it waited for its connection). Each statement is prepared and run in the time that is left:
 *
 * <ul>
 *   <li>at the deadline the statement then running is cancelled, so the database itself stops it (and rolls it back)
 *       and the connection stays usable;
 *   <li>every read from the database is also bounded by the connection's network timeout, set before each statement
 *       to the time left plus {@link dev.baton.jdbc.internal.Dialect#NETWORK_GRACE_MILLIS}, for a database that no
 *       longer answers at all, not even the cancel;
 *   <li>a statement that would start after the deadline is not sent.
 * </ul>
 *
 * <p>Statements must run one after another, each prepared just before it runs: the cancel reaches the one prepared
 * last. Not thread-safe, except for the cancel.
 */
final class Call implements AutoCloseable {

    /** The most times a transaction runs when each attempt is a deadlock's victim. */
    private static final int MAX_ATTEMPTS = 8;
    private static final Executor DIRECT = Runnable::run;

    private final Connection connection;
    private final long deadlineNanos;
    private final long timeoutMillis;
    private final boolean networkTimeout;
    private final ScheduledFuture<?> canceller;
    private PreparedStatement running;
    private boolean finished;
    private boolean inTransaction;

    /**
     * Starts the clock's last part: schedules the cancel and bounds the connection's reads.
     *
     * @param connection the operation's connection, already acquired
     * @param startNanos when the operation began, by {@link System#nanoTime()}
     * @param timeoutMillis {@code storeTimeout}
     * @param networkTimeout whether the driver supports {@link Connection#setNetworkTimeout}
     * @param timer the thread that cancels overdue statements
     * @throws SQLException when the deadline has already passed, or the driver fails
     */
    Call(Connection connection, long startNanos, long timeoutMillis, boolean networkTimeout,
            ScheduledExecutorService timer) throws SQLException {
        this.connection = connection;
        this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.timeoutMillis = timeoutMillis;
        this.networkTimeout = networkTimeout;
        long left = requireTimeLeft("the connection was acquired");
        this.canceller = timer.schedule(this::cancelRunning, left, TimeUnit.MILLISECONDS);
        boundReads(left);
    }

    /** The connection, for settings that are not statements (auto-commit, isolation, arrays). */
    Connection connection() {
        return connection;
    }

    /**
     * Prepares the operation's next statement, to run right away.
     *
     * @param sql the statement
     * @return the statement, cancelled if it still runs at the deadline
     * @throws SQLException when the deadline has passed, or the driver fails
     */
    PreparedStatement prepare(String sql) throws SQLException {
        boundReads(requireTimeLeft("the next statement"));
        PreparedStatement statement = connection.prepareStatement(sql);
        synchronized (this) {
            running = statement;
        }
        return statement;
    }

    /**
     * Runs work in one transaction on the call's connection: committed when it returns, rolled back when it throws;
     * the connection's auto-commit setting is restored afterwards. Work run inside another's transaction joins it.
     *
     * <p>A transaction that the database chose as a deadlock's victim (InnoDB does so among concurrent creations of
     * sessions, whose gap locks meet) was rolled back whole, so the work runs again: up to {@link #MAX_ATTEMPTS} times,
     * within the deadline, after a random pause that grows, so that the transactions that met do not meet again at
     * once. The work must therefore do nothing but statements on this call.
     *
     * @param work the statements
     * @param <T> the work's result
     * @return the work's result
     * @throws SQLException from the work, the commit or the deadline; a deadlock when every attempt met one
     */
    <T> T inTransaction(Work<T> work) throws SQLException {
        if (inTransaction) {
            return work.run(this);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return inOneTransaction(work);
            } catch (SQLException e) {
                if (!SqlStates.isDeadlock(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                pauseBefore(attempt + 1, e);
            }
        }
    }

    private <T> T inOneTransaction(Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        inTransaction = true;
        try {
            T result = work.run(this);
            commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            inTransaction = false;
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Waits up to 2^attempt ms, or throws the deadlock when the pause would pass the deadline or is interrupted. */
    private void pauseBefore(int attempt, SQLException deadlock) throws SQLException {
        long pause = ThreadLocalRandom.current().nextLong(1, 1L << attempt);
        if (pause >= millisLeft()) {
            throw deadlock;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw deadlock;
        }
    }

    /**
     * Statements run in a call.
     *
     * @param <T> their result
     */
    interface Work<T> {

        /**
         * Runs the statements.
         *
         * @param call the call they run in
         * @return their result
         * @throws SQLException from the driver or the deadline
         */
        T run(Call call) throws SQLException;
    }

    /**
     * Commits the operation's transaction.
     *
     * @throws SQLException when the deadline has passed, or the commit fails
     */
    void commit() throws SQLException {
        boundReads(requireTimeLeft("the commit"));
        connection.commit();
    }

    /**
     * Rolls the transaction back, waiting at most {@link dev.baton.jdbc.internal.Dialect#NETWORK_GRACE_MILLIS} past
     * the deadline for the database.
     *
     * @throws SQLException when the rollback fails
     */
    private void rollback() throws SQLException {
        boundReads(Math.max(0, millisLeft()));
        connection.rollback();
    }

    @Override
    public void close() {
        synchronized (this) {
            finished = true;
            running = null;
        }
        canceller.cancel(false);
    }

    private long millisLeft() {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private long requireTimeLeft(String before) throws SQLTimeoutException {
        long left = millisLeft();
        if (left <= 0) {
            throw new SQLTimeoutException("storeTimeout=" + timeoutMillis + "ms passed before " + before);
        }
        return left;
    }

    private void boundReads(long millisLeft) throws SQLException {
        if (networkTimeout) {
            connection.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millisLeft + NETWORK_GRACE_MILLIS));
        }
    }

    /** On the timer's thread, at the deadline. */
    private void cancelRunning() {
        PreparedStatement statement;
        synchronized (this) {
            statement = finished ? null : running;
        }
        if (statement == null) {
            return;
        }
        try {
            // A statement that has finished meanwhile ignores the cancel (or, closed, refuses it): drivers cancel only
            // a statement that is executing.
            statement.cancel();
        } catch (SQLException e) {
            // Closed in the meantime, or the database is gone: the network timeout ends the wait.
        }
    }
}
