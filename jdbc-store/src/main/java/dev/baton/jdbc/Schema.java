/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.jdbc.internal.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The store's tables: created from the DDL in the jar when asked, and checked at start either way. */
final class Schema {

    private static final String TABLE_PLACEHOLDER = "${table}";
    private static final String NAME_PLACEHOLDER = "${name}";

    private final Dialect dialect;
    private final String table;
    private final StoreCalls calls;

    Schema(Dialect dialect, String table, StoreCalls calls) {
        this.dialect = dialect;
        this.table = table;
        this.calls = calls;
    }

    /**
     * Runs the dialect's DDL, which is idempotent; a table or index that another node creates at the same moment is
     * not an error.
     */
    void create() {
        String ddl;
        try (InputStream in = Schema.class.getResourceAsStream(dialect.schemaResource())) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the DDL " + dialect.schemaResource() + " is missing from the jar", e);
        }
        String bareName = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
        String schema = ddl.replace(TABLE_PLACEHOLDER, table).replace(NAME_PLACEHOLDER, bareName);
        calls.run("createSchema", null, call -> {
            for (String statement : schema.split(";")) {
                if (!statement.isBlank()) {
                    runCreate(call, statement.strip());
                }
            }
            return null;
        });
    }

    /**
     * Runs one {@code CREATE ... IF NOT EXISTS}. When another node creates the same object at the same moment, the
     * database may still refuse this one: PostgreSQL with a state of its own, H2 with a general error ("object
     * already exists"). Anything but PostgreSQL's states is tried once more (statements run in auto-commit here):
     * by then the object exists and the statement does nothing, while a real error fails again.
     */
    private static void runCreate(Call call, String statement) throws SQLException {
        try {
            execute(call, statement);
        } catch (SQLException e) {
            if (SqlStates.isCreatedMeanwhile(e)) {
                return;
            }
            try {
                execute(call, statement);
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    private static void execute(Call call, String statement) throws SQLException {
        try (PreparedStatement create = call.prepare(statement)) {
            create.execute();
        }
    }

    /**
     * Checks that both tables can be read.
     *
     * @throws IllegalStateException when one is missing or unreadable, naming the DDL to run
     * @throws SessionStoreUnavailableException when the database can't be reached
     */
    void verify() {
        for (String name : List.of(table, table + "_attributes", table + "_counters")) {
            try {
                calls.run("verifySchema", null, call -> {
                    try (PreparedStatement query = call.prepare(SessionSql.probe(name))) {
                        query.executeQuery().close();
                        return null;
                    }
                });
            } catch (SessionStoreUnavailableException e) {
                throw e;
            } catch (SessionStoreException e) {
                throw new IllegalStateException("Table " + name + " is missing or unreadable in " + calls.maskedUri()
                        + ": run the DDL in the baton-jdbc-store jar, " + dialect.schemaResource().substring(1)
                        + " (also in docs/jdbc-store.md), with " + TABLE_PLACEHOLDER + " replaced by " + table
                        + ", or set createSchema=true. The database said: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
