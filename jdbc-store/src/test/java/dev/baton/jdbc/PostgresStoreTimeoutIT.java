/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresStoreTimeoutIT extends JdbcStoreTimeouts {

    @Override
    protected String url() {
        return TestServices.postgresUrl();
    }

    @Override
    protected void lockTables(Connection connection, String table) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + ", " + table + "_attributes IN ACCESS EXCLUSIVE MODE");
        }
    }

    @Override
    protected void unlock(Connection connection) throws SQLException {
        connection.rollback();
    }

    @Override
    protected int statementsWaitingForLocks(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
            query.setString(1, "%" + table + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
