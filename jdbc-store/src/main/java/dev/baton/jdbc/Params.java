/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.jdbc.internal.Dialect;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;

/**
 * Binds a statement's parameters in the order its SQL lists them (as {@link SessionSql} documents it), so that no
 * caller counts positions. Times are epoch milliseconds, durations milliseconds.
 */
final class Params {

    private final PreparedStatement statement;
    private final Dialect dialect;
    private int next = 1;

    private Params(PreparedStatement statement, Dialect dialect) {
        this.statement = statement;
        this.dialect = dialect;
    }

    /** Binds from the first parameter on. */
    static Params of(PreparedStatement statement, Dialect dialect) {
        return new Params(statement, dialect);
    }

    Params text(String value) throws SQLException {
        statement.setString(next++, value);
        return this;
    }

    Params number(long value) throws SQLException {
        statement.setLong(next++, value);
        return this;
    }

    Params time(Instant value) throws SQLException {
        return number(value.toEpochMilli());
    }

    /** A time, or SQL {@code NULL} for none. */
    Params timeOrNull(Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(next++, Types.BIGINT);
            return this;
        }
        return time(value);
    }

    Params millis(Duration value) throws SQLException {
        return number(value.toMillis());
    }

    /** An attribute's name column, as the dialect stores it. */
    Params name(String column) throws SQLException {
        dialect.bindName(statement, next++, column);
        return this;
    }

    Params bytes(byte[] value) throws SQLException {
        statement.setBytes(next++, value);
        return this;
    }

    Params array(Array value) throws SQLException {
        statement.setArray(next++, value);
        return this;
    }

    /** Several texts, one per parameter: the IDs of an {@code IN} list. */
    Params texts(Iterable<String> values) throws SQLException {
        for (String value : values) {
            text(value);
        }
        return this;
    }
}
