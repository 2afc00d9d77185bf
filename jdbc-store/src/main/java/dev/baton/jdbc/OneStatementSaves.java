/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SaveOutcome;
import dev.baton.core.SessionChange;
import dev.baton.jdbc.internal.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL's saves, one statement each through data-modifying CTEs ({@link SessionSql#createInOneStatement},
 * {@link SessionSql#updateInOneStatement}); a delta writes only the attribute rows that changed.
 */
final class OneStatementSaves extends Saves {

    OneStatementSaves(SessionSql sql, Dialect dialect) {
        super(sql, dialect);
    }

    @Override
    SaveOutcome create(Call call, SessionChange change, AttributeWrites writes) throws SQLException {
        try (AttributeArrays arrays = AttributeArrays.of(call.connection(), writes);
                PreparedStatement statement = call.prepare(sql.createInOneStatement)) {
            bindInsert(Params.of(statement, dialect), change).text(change.id()).array(arrays.names())
                    .array(arrays.names()).array(arrays.bytes()).number(SessionSql.slot(change.id())).number(1)
                    .number(0);
            statement.executeQuery().close();
            return SaveOutcome.saved(1);
        }
    }

    @Override
    SaveOutcome update(Call call, SessionChange change, AttributeWrites writes) throws SQLException {
        try (AttributeArrays arrays = AttributeArrays.of(call.connection(), writes);
                PreparedStatement statement = call.prepare(sql.updateInOneStatement)) {
            bindUpdate(Params.of(statement, dialect), change).array(arrays.removed()).array(arrays.names())
                    .array(arrays.bytes()).text(change.id()).time(change.at());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1 ? SaveOutcome.saved(rows.getLong(3)) : notUpdated(change, rows.getLong(2) == 1);
            }
        }
    }
}
