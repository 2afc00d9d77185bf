/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SaveOutcome;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.jdbc.internal.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How a dialect writes a change: a creation (which replaces any stored row of the same ID: a replay) or a delta
 * (which writes nothing when the session is gone, or when the change's fence is no longer the session's). A late
 * change's delta ({@link SessionChange#expectedAttributes()}) runs in one transaction with its check: the session row
 * locked, the expected attribute rows compared, then the delta as usual.
 */
abstract class Saves {

    /** The statements. */
    protected final SessionSql sql;
    /** The database's dialect. */
    protected final Dialect dialect;

    Saves(SessionSql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    /** The saves of a dialect: one statement each where the database can, else one transaction each. */
    static Saves of(SessionSql sql, Dialect dialect) {
        return dialect.singleStatementSave() ? new OneStatementSaves(sql, dialect)
                : new TransactionalSaves(sql, dialect);
    }

    /**
     * Writes a change.
     *
     * @param call the operation
     * @param change the change
     * @return saved, or why not
     * @throws SQLException from the driver or the deadline
     */
    final SaveOutcome save(Call call, SessionChange change) throws SQLException {
        AttributeWrites writes = AttributeWrites.of(change);
        if (change.kind() == SessionChange.Kind.CREATE) {
            return create(call, change, writes);
        }
        if (!change.isConditional()) {
            return update(call, change, writes);
        }
        return call.inTransaction(transaction -> holdsExpected(transaction, change) ? update(transaction, change, writes)
                : SaveOutcome.refused(SaveResult.STALE));
    }

    /**
     * Whether the session's attribute rows hold what a late change expects, the session row locked until the
     * transaction ends; {@code true} for a session that is not live (the update then says why it writes nothing).
     */
    private boolean holdsExpected(Call call, SessionChange change) throws SQLException {
        try (PreparedStatement lock = call.prepare(sql.lockLive)) {
            Params.of(lock, dialect).text(change.id()).time(change.at());
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return true;
                }
            }
        }
        Map<String, byte[]> expected = new HashMap<>();
        change.expectedAttributes().forEach((name, bytes) -> expected.put(StoredNames.column(name),
                bytes.length == 0 ? null : StoredNames.row(name, bytes).bytes()));
        Map<String, byte[]> stored = new HashMap<>();
        try (PreparedStatement query = call.prepare(sql.lockedAttributes(expected.size()))) {
            Params params = Params.of(query, dialect).text(change.id());
            for (String column : expected.keySet()) {
                params.name(column);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(dialect.readName(rows, 1), rows.getBytes(2));
                }
            }
        }
        for (Map.Entry<String, byte[]> entry : expected.entrySet()) {
            if (!Arrays.equals(entry.getValue(), stored.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    abstract SaveOutcome create(Call call, SessionChange change, AttributeWrites writes) throws SQLException;

    abstract SaveOutcome update(Call call, SessionChange change, AttributeWrites writes) throws SQLException;

    /** Binds {@link SessionSql#insertSession}'s parameters. */
    static Params bindInsert(Params params, SessionChange change) throws SQLException {
        return bindMetadata(params.text(change.id()).time(change.created()), change);
    }

    /** Binds {@link SessionSql#updateSession}'s parameters. */
    static Params bindUpdate(Params params, SessionChange change) throws SQLException {
        return bindMetadata(params, change).number(change.fence()).number(change.fence()).text(change.id())
                .time(change.at()).number(change.fence()).number(change.fence());
    }

    /** What an update that changed no row means: the lock was taken since (a live session, fenced) or it is gone. */
    static SaveOutcome notUpdated(SessionChange change, boolean live) {
        return SaveOutcome.refused(change.fence() > 0 && live ? SaveResult.FENCED : SaveResult.GONE);
    }

    /** last_access, max_inactive, expires_at, principal. */
    private static Params bindMetadata(Params params, SessionChange change) throws SQLException {
        return params.time(change.lastAccessed()).millis(change.maxInactive()).timeOrNull(change.expiresAt())
                .text(StoredNames.principalColumn(change.principal()));
    }
}
