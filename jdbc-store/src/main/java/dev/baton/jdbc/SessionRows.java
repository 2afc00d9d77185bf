/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.StoredSession;
import dev.baton.jdbc.StoredNames.Attribute;
import dev.baton.jdbc.internal.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads sessions from the rows of a query of {@link SessionSql}: one row per attribute (or one with no attribute),
 * each repeating the session's columns.
 */
final class SessionRows {

    static final int ID = 1;
    static final int CREATED = 2;
    static final int LAST_ACCESS = 3;
    static final int MAX_INACTIVE = 4;
    static final int EXPIRES_AT = 5;
    static final int PRINCIPAL = 6;
    static final int VERSION = 7;
    static final int NAME = 8;
    static final int BYTES = 9;
    static final int FENCE = 10;
    static final int LOCK_UNTIL = 11;
    /** {@link SessionSql#takeLockAndLoad} only: the fence taken, {@code NULL} when the lock was not. */
    static final int TAKEN_FENCE = 12;
    /** {@link SessionSql#takeLockAndLoad} only: the version the lock's update saw. */
    static final int TAKEN_VERSION = 13;

    private SessionRows() {
    }

    /**
     * One session as its rows hold it.
     *
     * @param session the session, whether expired or not
     * @param lock its lock columns
     */
    record Row(StoredSession session, Lock lock) {
    }

    /**
     * A session's lock columns.
     *
     * @param fence the current fence
     * @param until when the current lease ends, or {@code null} when nobody holds the lock
     * @param taken the fence this statement took, or {@code null} (or when the query took no lock)
     * @param takenVersion the version the taking update saw, when it took the lock
     */
    record Lock(long fence, Long until, Long taken, long takenVersion) {
    }

    /**
     * Reads every session in the result, in the order of their first rows.
     *
     * @param rows the result, before its first row
     * @param dialect how the database returns names
     * @param withTaken whether the result has the columns {@link #TAKEN_FENCE} and {@link #TAKEN_VERSION}
     * @return the sessions
     * @throws SQLException from the driver
     */
    static List<Row> read(ResultSet rows, Dialect dialect, boolean withTaken) throws SQLException {
        Map<String, Builder> sessions = new LinkedHashMap<>();
        while (rows.next()) {
            String id = rows.getString(ID);
            Builder session = sessions.get(id);
            if (session == null) {
                session = new Builder(rows, withTaken);
                sessions.put(id, session);
            }
            String name = dialect.readName(rows, NAME);
            if (name != null) {
                session.add(name, rows.getBytes(BYTES));
            }
        }
        List<Row> read = new ArrayList<>(sessions.size());
        for (Builder session : sessions.values()) {
            read.add(session.build());
        }
        return read;
    }

    /** The only session in the result, or {@code null}. */
    static Row readOne(ResultSet rows, Dialect dialect, boolean withTaken) throws SQLException {
        List<Row> read = read(rows, dialect, withTaken);
        return read.isEmpty() ? null : read.get(0);
    }

    /** One session's columns, then its attribute rows as they come. */
    private static final class Builder {
        private final String id;
        private final Instant created;
        private final Instant lastAccess;
        private final Duration maxInactive;
        private final Instant expiresAt;
        private final String principalColumn;
        private final long version;
        private final Lock lock;
        private final Map<String, byte[]> attributes = new LinkedHashMap<>();
        private byte[] principalRow;

        Builder(ResultSet rows, boolean withTaken) throws SQLException {
            id = rows.getString(ID);
            created = Instant.ofEpochMilli(rows.getLong(CREATED));
            lastAccess = Instant.ofEpochMilli(rows.getLong(LAST_ACCESS));
            maxInactive = Duration.ofMillis(rows.getLong(MAX_INACTIVE));
            Long expires = optionalLong(rows, EXPIRES_AT);
            expiresAt = expires == null ? null : Instant.ofEpochMilli(expires);
            principalColumn = rows.getString(PRINCIPAL);
            version = rows.getLong(VERSION);
            lock = new Lock(rows.getLong(FENCE), optionalLong(rows, LOCK_UNTIL),
                    withTaken ? optionalLong(rows, TAKEN_FENCE) : null,
                    withTaken ? rows.getLong(TAKEN_VERSION) : 0);
        }

        void add(String column, byte[] bytes) {
            if (StoredNames.PRINCIPAL_ROW.equals(column)) {
                principalRow = bytes;
            } else {
                Attribute attribute = StoredNames.attribute(column, bytes);
                attributes.put(attribute.name(), attribute.bytes());
            }
        }

        Row build() {
            return new Row(new StoredSession(id, created, lastAccess, maxInactive, expiresAt, version,
                    StoredNames.principal(principalColumn, principalRow), attributes), lock);
        }

        private static Long optionalLong(ResultSet rows, int column) throws SQLException {
            long value = rows.getLong(column);
            return rows.wasNull() ? null : value;
        }
    }
}
