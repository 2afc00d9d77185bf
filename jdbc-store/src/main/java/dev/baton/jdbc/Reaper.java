/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.StoredSession;
import dev.baton.jdbc.internal.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Claims expired sessions so that concurrent reapers never receive the same one: with row locks that skip each other
 * ({@code FOR UPDATE SKIP LOCKED}: PostgreSQL, MariaDB 10.6+, MySQL 8), or else (H2) by conditional deletes, the
 * session going to whoever deletes its row. The claimed sessions are counted in the totals ({@link Totals}) in the
 * transaction that deletes them.
 */
final class Reaper {

    private final SessionSql sql;
    private final Dialect dialect;
    private final Totals totals;

    Reaper(SessionSql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
        this.totals = new Totals(sql, dialect);
    }

    /**
     * Claims up to {@code limit} sessions expired by {@code now}, the longest expired first.
     *
     * @param call the operation
     * @param now the time that decides expiry
     * @param limit the most sessions to claim
     * @return the claimed sessions, with their attributes, deleted from the store
     * @throws SQLException from the driver or the deadline
     */
    List<StoredSession> reap(Call call, Instant now, int limit) throws SQLException {
        if (!dialect.skipLocked()) {
            return reapByConditionalDelete(call, now, limit);
        }
        Connection connection = call.connection();
        int isolation = connection.getTransactionIsolation();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try {
            return call.inTransaction(transaction -> reapWithRowLocks(transaction, now, limit));
        } finally {
            connection.setTransactionIsolation(isolation);
        }
    }

    /**
     * Claims one session if it has expired by {@code now}: reads it, then deletes it only if it is still expired; the
     * session goes to whoever deletes its row. One query for an ID with no session, two otherwise.
     *
     * @param call the operation
     * @param id the session ID
     * @param now the time that decides expiry
     * @return the claimed session, with its attributes, deleted from the store; empty when not claimed
     * @throws SQLException from the driver or the deadline
     */
    Optional<StoredSession> claim(Call call, String id, Instant now) throws SQLException {
        List<StoredSession> read = readAll(call, List.of(id));
        if (read.isEmpty() || !read.get(0).isExpiredAt(now)) {
            return Optional.empty();
        }
        return call.inTransaction(transaction -> {
            try (PreparedStatement delete = transaction.prepare(sql.deleteIfExpired)) {
                Params.of(delete, dialect).text(id).time(now);
                if (SessionSql.executeChange(delete, dialect) != 1) {
                    return Optional.<StoredSession>empty();
                }
            }
            totals.add(transaction, id, 0, 1);
            return Optional.of(read.get(0));
        });
    }

    private List<StoredSession> reapWithRowLocks(Call call, Instant now, int limit) throws SQLException {
        List<StoredSession> claimed = expiredSessions(call, sql.claimExpired, now, limit);
        if (!claimed.isEmpty()) {
            try (PreparedStatement delete = call.prepare(sql.deleteAll(claimed.size()))) {
                Params.of(delete, dialect).texts(claimed.stream().map(StoredSession::id).toList());
                SessionSql.executeChange(delete, dialect);
            }
            totals.add(call, claimed.get(0).id(), 0, claimed.size());
        }
        return claimed;
    }

    private List<StoredSession> reapByConditionalDelete(Call call, Instant now, int limit) throws SQLException {
        List<StoredSession> read = expiredSessions(call, sql.expired, now, limit);
        if (read.isEmpty()) {
            return List.of();
        }
        return call.inTransaction(transaction -> {
            List<StoredSession> claimed = new ArrayList<>();
            try (PreparedStatement delete = transaction.prepare(sql.deleteIfExpired)) {
                for (StoredSession session : read) {
                    Params.of(delete, dialect).text(session.id()).time(now);
                    if (SessionSql.executeChange(delete, dialect) == 1) {
                        claimed.add(session);
                    }
                }
            }
            if (!claimed.isEmpty()) {
                totals.add(transaction, claimed.get(0).id(), 0, claimed.size());
            }
            return claimed;
        });
    }

    /** The sessions whose IDs a query of expired ones gives, read with their attributes; none read when none. */
    private List<StoredSession> expiredSessions(Call call, String query, Instant now, int limit) throws SQLException {
        List<String> ids = expiredIds(call, query, now, limit);
        return ids.isEmpty() ? List.of() : readAll(call, ids);
    }

    private List<String> expiredIds(Call call, String query, Instant now, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = call.prepare(query)) {
            Params.of(select, dialect).time(now).number(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private List<StoredSession> readAll(Call call, List<String> ids) throws SQLException {
        try (PreparedStatement query = call.prepare(sql.loadAll(ids.size()))) {
            Params.of(query, dialect).texts(ids);
            try (ResultSet rows = query.executeQuery()) {
                List<StoredSession> sessions = new ArrayList<>(ids.size());
                for (SessionRows.Row row : SessionRows.read(rows, dialect, false)) {
                    sessions.add(row.session());
                }
                return sessions;
            }
        }
    }
}
