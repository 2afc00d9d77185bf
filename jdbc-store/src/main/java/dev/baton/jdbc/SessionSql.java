/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.jdbc.internal.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;

/**
 * Every statement the store runs on one database and table, each written once and named, the dialects' variants
 * included. The parameters of each are listed in the order they are bound ({@link Params}); times are epoch
 * milliseconds. Queries that read sessions return the columns {@link SessionRows} reads: {@code s} is the sessions
 * table, {@code a} the attributes table.
 */
final class SessionSql {

    /** A session that is still alive at a time: no expiry, or one after it. Parameter: the time. */
    private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";
    /** The columns of a session read ({@link SessionRows#ID} to {@link SessionRows#LOCK_UNTIL}). */
    private static final String SESSION_COLUMNS = "s.id, s.created, s.last_access, s.max_inactive, s.expires_at, "
            + "s.principal, s.version, a.name, a.bytes, s.fence, s.lock_until";
    /** A fenced save releases the session lock, an unfenced one leaves it. Parameters: fence, fence. */
    private static final String RELEASE_LOCK_IF_FENCED = "lock_owner = CASE WHEN ? = 0 THEN lock_owner END, "
            + "lock_until = CASE WHEN ? = 0 THEN lock_until END";

    private final String table;
    private final String attributes;

    /** One session and its attribute rows, one row each. Parameter: id. */
    final String load;
    /**
     * Takes the session lock of a live session that is free, held by the same owner, or whose lease ran out; the
     * fence grows when the owner changes. Parameters: owner, owner, lock_until, id, now, owner, now.
     */
    final String takeLock;
    /**
     * PostgreSQL: {@link #takeLock} and {@link #load} in one statement, with two columns more: the fence taken and
     * the version seen by the update, both {@code NULL} when the lock was not taken. Parameters: those of
     * {@link #takeLock}, then id.
     */
    final String takeLockAndLoad;
    /** Extends a lease still held under a fence. Parameters: lock_until, id, fence. */
    final String renewLock;
    /** Frees the lock if the fence is still the current one. Parameters: id, fence. */
    final String unlock;
    /**
     * Deletes a session; its attribute rows follow by cascade. Parameter: id. On PostgreSQL it announces the ID
     * ({@link #announced}), as do {@link #updateInOneStatement}, {@link #changeId}, {@link #deleteIfExpired} and
     * {@link #deleteAll}: run them with {@link #executeChange}.
     */
    final String deleteSession;
    /** Inserts a session row, version 1. Parameters: id, created, last_access, max_inactive, expires_at, principal. */
    final String insertSession;
    /**
     * Updates a live session row under its fence (0: unfenced), releasing the lock of a fenced save. Parameters:
     * last_access, max_inactive, expires_at, principal, fence, fence, id, at, fence, fence.
     */
    final String updateSession;
    /**
     * PostgreSQL: a creation in one statement. {@link #insertSession} or, over a stored row (a replay), its
     * overwrite; the deletion of attribute rows that the new session lacks; the upsert of the new ones; the count of
     * the creation ({@link #addToTotals}). Parameters: those of {@link #insertSession}, then id, names, names, bytes,
     * then those of {@link #addToTotals}.
     */
    final String createInOneStatement;
    /**
     * PostgreSQL: a delta in one statement. {@link #updateSession}, then the deletes and upserts of the changed
     * attribute rows, which see the session only when the update found it; returns the rows updated,
     * {@link #countLive} and the version written ({@code NULL} when none). It announces the ID, a space and the version
     * written. Parameters: those of {@link #updateSession}, then removed names, names, bytes, id, at.
     */
    final String updateInOneStatement;
    /** Inserts or replaces an attribute row. Parameters: session id, name, bytes. */
    final String upsertAttribute;
    /** Deletes an attribute row. Parameters: session id, name. */
    final String deleteAttribute;
    /** Counts the session if it is live (0 or 1): tells a fenced save from a gone one. Parameters: id, at. */
    final String countLive;
    /**
     * Locks a live session's row until the transaction ends, so that no other save changes its attributes meanwhile:
     * the check of a late change's expectations. Parameters: id, now.
     */
    final String lockLive;
    /**
     * Gives a live session a new ID; its attribute rows follow by cascade. Parameters: new id, old id, now, and on
     * PostgreSQL the old id again (the ID announced).
     */
    final String changeId;
    /**
     * Without a cascade ({@link Dialect#cascadesIdChange()}), the first step of an ID change: takes the row lock of a
     * live session and bumps its version. Parameters: old id, now.
     */
    final String lockForIdChange;
    /** The second step: copies the locked session row under the new ID, lock included. Parameters: new id, old id. */
    final String copySession;
    /** The third: moves the attribute rows to the new ID (then {@link #deleteSession}). Parameters: new id, old id. */
    final String moveAttributes;
    /** The IDs of sessions expired by a time, the longest expired first. Parameters: now, limit. */
    final String expired;
    /** {@link #expired}, each row locked, skipping rows another transaction has locked. Parameters: now, limit. */
    final String claimExpired;
    /** Deletes a session if it is still expired; whoever deletes it owns it. Parameters: id, now. */
    final String deleteIfExpired;
    /** Checks that the database answers. */
    final String ping = "SELECT 1";
    /** Counts the live sessions, on the {@code expires_at} index. Parameters: at. */
    final String countAllLive;
    /** The IDs of a principal's live sessions, on the {@code principal} index. Parameters: principal column, at. */
    final String byPrincipal;
    /**
     * Adds to the running totals of sessions created and expired, in one of {@link #TOTALS_SLOTS} rows of
     * {@code <tableName>_counters} (so that nodes creating sessions at once rarely wait on the same row), creating the
     * row. Parameters: slot, created, expired.
     */
    final String addToTotals;
    /** The totals, summed over the slots (0 with no row yet). */
    final String totals;

    /** How many rows the totals are spread over. */
    static final int TOTALS_SLOTS = 256;
    /** The longest channel name PostgreSQL takes (an identifier: 63 bytes). */
    private static final int MAX_CHANNEL = 63;

    /** The channel the changes are announced on, or {@code null} when the dialect announces none. */
    private final String channel;

    SessionSql(Dialect dialect, String table) {
        this.table = table;
        this.attributes = table + "_attributes";
        this.channel = dialect.announcesChanges() ? channel(table) : null;
        load = select(SESSION_COLUMNS, "") + "WHERE s.id = ?";
        takeLock = "UPDATE " + table + " SET fence = CASE WHEN lock_owner = ? THEN fence ELSE fence + 1 END, "
                + "lock_owner = ?, lock_until = ? WHERE id = ? AND " + LIVE
                + " AND (lock_owner IS NULL OR lock_owner = ? OR lock_until <= ?)";
        takeLockAndLoad = "WITH l AS (" + takeLock + " RETURNING fence, version) "
                + select(SESSION_COLUMNS + ", l.fence, l.version", "LEFT JOIN l ON TRUE ") + "WHERE s.id = ?";
        renewLock = "UPDATE " + table + " SET lock_until = ? WHERE id = ? AND fence = ? AND lock_owner IS NOT NULL";
        unlock = "UPDATE " + table + " SET lock_owner = NULL, lock_until = NULL WHERE id = ? AND fence = ?";
        deleteSession = announced("DELETE FROM " + table + " WHERE id = ?", "id");
        insertSession = "INSERT INTO " + table + " (id, created, last_access, max_inactive, expires_at, principal, "
                + "version) VALUES (?, ?, ?, ?, ?, ?, 1)";
        updateSession = "UPDATE " + table + " SET last_access = ?, max_inactive = ?, expires_at = ?, principal = ?, "
                + "version = version + 1, " + RELEASE_LOCK_IF_FENCED + " WHERE id = ? AND " + LIVE
                + " AND (? = 0 OR fence = ?)";
        countLive = "SELECT count(*) FROM " + table + " WHERE id = ? AND " + LIVE;
        countAllLive = "SELECT count(*) FROM " + table + " WHERE " + LIVE;
        byPrincipal = "SELECT id FROM " + table + " WHERE principal = ? AND " + LIVE;
        String counters = table + "_counters";
        addToTotals = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + counters + " AS c (slot, created, expired) VALUES (?, ?, ?) "
                    + "ON CONFLICT (slot) DO UPDATE SET created = c.created + EXCLUDED.created, "
                    + "expired = c.expired + EXCLUDED.expired";
            case MARIADB -> "INSERT INTO " + counters + " (slot, created, expired) VALUES (?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE created = created + VALUES(created), expired = expired + VALUES(expired)";
            case H2 -> "MERGE INTO " + counters + " c USING (VALUES (CAST(? AS INT), CAST(? AS BIGINT), "
                    + "CAST(? AS BIGINT))) v (slot, created, expired) ON c.slot = v.slot "
                    + "WHEN MATCHED THEN UPDATE SET created = c.created + v.created, expired = c.expired + v.expired "
                    + "WHEN NOT MATCHED THEN INSERT (slot, created, expired) VALUES (v.slot, v.created, v.expired)";
        };
        totals = "SELECT COALESCE(SUM(created), 0), COALESCE(SUM(expired), 0) FROM " + counters;
        createInOneStatement = "WITH s AS (" + insertSession + " ON CONFLICT (id) DO UPDATE SET "
                + "created = EXCLUDED.created, last_access = EXCLUDED.last_access, "
                + "max_inactive = EXCLUDED.max_inactive, expires_at = EXCLUDED.expires_at, "
                + "principal = EXCLUDED.principal, version = 1, lock_owner = NULL, lock_until = NULL RETURNING id), "
                + "d AS (DELETE FROM " + attributes + " WHERE session_id = ? AND NOT (name = ANY (?))), "
                + upsertAttributesFromArrays() + ", n AS (" + addToTotals + ") SELECT count(*) FROM s";
        updateInOneStatement = "WITH s AS (" + updateSession + " RETURNING id, version, "
                + notify("id || ' ' || version") + "), "
                + "d AS (DELETE FROM " + attributes + " WHERE session_id IN (SELECT id FROM s) AND name = ANY (?)), "
                + upsertAttributesFromArrays() + " SELECT (SELECT count(*) FROM s), (" + countLive + "), "
                + "(SELECT version FROM s)";
        upsertAttribute = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + attributes + " (session_id, name, bytes) VALUES (?, ?, ?) "
                    + "ON CONFLICT (session_id, name) DO UPDATE SET bytes = EXCLUDED.bytes";
            case MARIADB -> "INSERT INTO " + attributes + " (session_id, name, bytes) VALUES (?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE bytes = VALUES(bytes)";
            case H2 -> "MERGE INTO " + attributes + " (session_id, name, bytes) KEY (session_id, name) "
                    + "VALUES (?, ?, ?)";
        };
        deleteAttribute = "DELETE FROM " + attributes + " WHERE session_id = ? AND name = ?";
        lockLive = "SELECT id FROM " + table + " WHERE id = ? AND " + LIVE + " FOR UPDATE";
        changeId = announced("UPDATE " + table + " SET id = ?, version = version + 1 WHERE id = ? AND " + LIVE, "?");
        lockForIdChange = "UPDATE " + table + " SET version = version + 1 WHERE id = ? AND " + LIVE;
        String copied = "created, last_access, max_inactive, expires_at, principal, version, fence, lock_owner, "
                + "lock_until";
        copySession = "INSERT INTO " + table + " (id, " + copied + ") SELECT ?, " + copied + " FROM " + table
                + " WHERE id = ?";
        moveAttributes = "UPDATE " + attributes + " SET session_id = ? WHERE session_id = ?";
        expired = "SELECT id FROM " + table + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?";
        claimExpired = expired + " FOR UPDATE SKIP LOCKED";
        deleteIfExpired = announced("DELETE FROM " + table + " WHERE id = ? AND expires_at <= ?", "id");
    }

    /** Several sessions and their attribute rows, as {@link #load} reads one. Parameters: the IDs. */
    String loadAll(int count) {
        return select(SESSION_COLUMNS, "") + "WHERE s.id IN (" + placeholders(count) + ")";
    }

    /**
     * Some attribute rows of a session, name column and bytes, read with a row lock (so the newest committed, on every
     * database's isolation level). Parameters: session id, the name columns.
     */
    String lockedAttributes(int count) {
        return "SELECT name, bytes FROM " + attributes + " WHERE session_id = ? AND name IN (" + placeholders(count)
                + ") FOR UPDATE";
    }

    /** Deletes several sessions; their attribute rows follow by cascade. Parameters: the IDs. */
    String deleteAll(int count) {
        return announced("DELETE FROM " + table + " WHERE id IN (" + placeholders(count) + ")", "id");
    }

    /**
     * The PostgreSQL channel on which the statements announce the IDs of the sessions they change or remove: the
     * table name in lower case, its schema's dot as {@code _}, then {@code _changes} (so {@code baton_sessions_changes}
     * by default); a name longer than PostgreSQL's 63 bytes keeps its first 54 characters, then {@code _} and 8 hex
     * digits of the whole name's hash.
     *
     * @param table the {@code tableName} setting (letters, digits, {@code _}, at most one dot)
     * @return the channel name, letters, digits and {@code _} only
     */
    static String channel(String table) {
        String name = table.toLowerCase(Locale.ROOT).replace('.', '_') + "_changes";
        if (name.length() <= MAX_CHANNEL) {
            return name;
        }
        return name.substring(0, MAX_CHANNEL - 9) + "_" + String.format("%08x", name.hashCode());
    }

    /**
     * Runs a statement that may change or remove sessions: as a query reading the count of rows it changed where it
     * announces them ({@link #announced}), else as an update.
     *
     * @param statement the statement, its parameters bound
     * @param dialect the database's dialect
     * @return the rows changed
     * @throws SQLException from the driver
     */
    static int executeChange(PreparedStatement statement, Dialect dialect) throws SQLException {
        if (!dialect.announcesChanges()) {
            return statement.executeUpdate();
        }
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The totals row a session's creation is counted in. */
    static int slot(String id) {
        return Math.floorMod(id.hashCode(), TOTALS_SLOTS);
    }

    /** Reads nothing from a table, to learn whether it is there. */
    static String probe(String table) {
        return "SELECT 1 FROM " + table + " WHERE 1 = 0";
    }

    /** {@code SELECT} columns of sessions {@code s}, joined with {@code join}, then with their attributes {@code a}. */
    private String select(String columns, String join) {
        return "SELECT " + columns + " FROM " + table + " s " + join + "LEFT JOIN " + attributes
                + " a ON a.session_id = s.id ";
    }

    /** PostgreSQL: the CTE {@code u} that upserts the attributes of CTE {@code s}'s session from names and bytes. */
    private String upsertAttributesFromArrays() {
        return "u AS (INSERT INTO " + attributes + " (session_id, name, bytes) SELECT s.id, x.name, x.bytes "
                + "FROM s CROSS JOIN unnest(?::text[], ?::bytea[]) AS x(name, bytes) "
                + "ON CONFLICT (session_id, name) DO UPDATE SET bytes = EXCLUDED.bytes)";
    }

    /**
     * PostgreSQL: {@code change} (an {@code UPDATE} or {@code DELETE}) sending {@code pg_notify(channel, <id>)} for
     * each row it changes, in its own transaction (delivered at its commit), and returning the count of those rows;
     * elsewhere {@code change} as it is.
     */
    private String announced(String change, String id) {
        return channel == null ? change
                : "WITH c AS (" + change + " RETURNING " + notify(id) + ") SELECT count(*) FROM c";
    }

    /** PostgreSQL: the call that announces session {@code id} (a column or a parameter) on the table's channel. */
    private String notify(String id) {
        return "pg_notify('" + channel + "', " + id + ")";
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
