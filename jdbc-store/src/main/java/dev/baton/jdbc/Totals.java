/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SessionTotals;
import dev.baton.jdbc.internal.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The running totals of sessions created and expired in {@code <tableName>_counters}: added to inside the transaction
 * (or, on PostgreSQL, the statement) that creates or claims the sessions, so that a count is never lost nor made
 * twice by a rolled-back write; read by summing the slots.
 */
final class Totals {

    private static final int MOST_ATTEMPTS = 3;

    private final SessionSql sql;
    private final Dialect dialect;

    Totals(SessionSql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    /** Adds to the totals, in the slot of {@code id}: one statement, in the caller's transaction. */
    void add(Call call, String id, long created, long expired) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement add = call.prepare(sql.addToTotals)) {
                Params.of(add, dialect).number(SessionSql.slot(id)).number(created).number(expired);
                add.executeUpdate();
                return;
            } catch (SQLException e) {
                // H2's MERGE is not atomic: two transactions that both find no row for the slot both insert it, and
                // the later one fails on the key. The row exists then, so the statement, run again, adds to it (a
                // failed statement leaves an H2 transaction usable). PostgreSQL and MariaDB upsert atomically.
                if (dialect != Dialect.H2 || !SqlStates.isCreatedMeanwhile(e) || attempt == MOST_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The totals: one query. */
    SessionTotals read(Call call) throws SQLException {
        try (PreparedStatement query = call.prepare(sql.totals); ResultSet rows = query.executeQuery()) {
            rows.next();
            return new SessionTotals(rows.getLong(1), rows.getLong(2));
        }
    }
}
