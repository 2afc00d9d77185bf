/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** The SQLStates (and driver signs) the store tells apart: outages, broken connections, lost races. */
final class SqlStates {

    /** SQLState class of connection exceptions (SQL standard). */
    static final String CONNECTION_EXCEPTION_CLASS = "08";
    /**
     * The statement was cancelled (which is what reaching the deadline gives) or timed out: PostgreSQL's
     * query_canceled, H2's timeout, MariaDB's interrupted query.
     */
    static final Set<String> CANCELLED = Set.of("57014", "HYT00", "70100");
    /** PostgreSQL's server going away or not there yet: admin_shutdown, crash_shutdown, cannot_connect_now. */
    static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");
    /** H2's connection broken (over TCP, a read timed out), and its session closed after that. */
    static final Set<String> BROKEN = Set.of("90067", "90121");
    /** A deadlock victim, rolled back whole: serialization_failure (MariaDB, MySQL), deadlock_detected (PostgreSQL). */
    static final Set<String> DEADLOCK = Set.of("40001", "40P01");
    /** An object another node created at the same moment: unique_violation, duplicate_table (PostgreSQL). */
    static final Set<String> CREATED_MEANWHILE = Set.of("23505", "42P07");

    private SqlStates() {
    }

    /** Whether the failure is an outage (unreachable, too slow, shutting down), not a fault of the statement. */
    static boolean isOutage(SQLException e) {
        return e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException
                || CANCELLED.contains(state(e)) || SHUTTING_DOWN.contains(state(e)) || isBrokenConnection(e);
    }

    /**
     * Whether the connection broke under the statement: a connection exception, an I/O failure below, or a
     * connection found closed. Such a connection is of no further use.
     */
    static boolean isBrokenConnection(SQLException e) {
        String state = state(e);
        if (state.startsWith(CONNECTION_EXCEPTION_CLASS) || BROKEN.contains(state)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection is closed")
                    || message.contains("connection has been closed"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the transaction was rolled back whole as a deadlock victim, so that running it again is safe. */
    static boolean isDeadlock(SQLException e) {
        return DEADLOCK.contains(state(e));
    }

    /** Whether a {@code CREATE} failed because another node created the same object at the same moment. */
    static boolean isCreatedMeanwhile(SQLException e) {
        return CREATED_MEANWHILE.contains(state(e));
    }

    /** The SQLState, or {@code ""} when the driver gave none. */
    static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }
}
