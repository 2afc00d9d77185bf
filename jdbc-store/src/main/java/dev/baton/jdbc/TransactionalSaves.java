/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SaveOutcome;
import dev.baton.core.SessionChange;
import dev.baton.jdbc.StoredNames.Attribute;
import dev.baton.jdbc.internal.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The saves of MariaDB, MySQL and H2, one transaction each: the session row (deleted and inserted for a creation,
 * conditionally updated for a delta), then a batch of attribute upserts and a batch of attribute deletes; a creation is
 * counted in the totals ({@link Totals}) in the same transaction.
 */
final class TransactionalSaves extends Saves {

    private final Totals totals;

    TransactionalSaves(SessionSql sql, Dialect dialect) {
        super(sql, dialect);
        this.totals = new Totals(sql, dialect);
    }

    @Override
    SaveOutcome create(Call call, SessionChange change, AttributeWrites writes) throws SQLException {
        return call.inTransaction(transaction -> {
            try (PreparedStatement delete = transaction.prepare(sql.deleteSession)) {
                Params.of(delete, dialect).text(change.id());
                SessionSql.executeChange(delete, dialect);
            }
            try (PreparedStatement insert = transaction.prepare(sql.insertSession)) {
                bindInsert(Params.of(insert, dialect), change);
                insert.executeUpdate();
            }
            writeAttributes(transaction, change.id(), writes);
            totals.add(transaction, change.id(), 1, 0);
            return SaveOutcome.saved(1);
        });
    }

    @Override
    SaveOutcome update(Call call, SessionChange change, AttributeWrites writes) throws SQLException {
        return call.inTransaction(transaction -> {
            try (PreparedStatement update = transaction.prepare(sql.updateSession)) {
                bindUpdate(Params.of(update, dialect), change);
                if (update.executeUpdate() == 0) {
                    return notUpdated(change, change.fence() > 0 && isLive(transaction, change));
                }
            }
            writeAttributes(transaction, change.id(), writes);
            // Reading the version back would cost a statement; these stores have no feed, hence no near cache.
            return SaveOutcome.saved(0);
        });
    }

    private boolean isLive(Call call, SessionChange change) throws SQLException {
        try (PreparedStatement query = call.prepare(sql.countLive)) {
            Params.of(query, dialect).text(change.id()).time(change.at());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1;
            }
        }
    }

    private void writeAttributes(Call call, String id, AttributeWrites writes) throws SQLException {
        if (!writes.written().isEmpty()) {
            try (PreparedStatement upsert = call.prepare(sql.upsertAttribute)) {
                for (Attribute row : writes.written()) {
                    Params.of(upsert, dialect).text(id).name(row.name()).bytes(row.bytes());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (!writes.removed().isEmpty()) {
            try (PreparedStatement delete = call.prepare(sql.deleteAttribute)) {
                for (String name : writes.removed()) {
                    Params.of(delete, dialect).text(id).name(name);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
    }
}
