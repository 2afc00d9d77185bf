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

class MariadbStoreTimeoutIT extends JdbcStoreTimeouts {

    @Override
    protected String url() {
        return TestServices.mariadbUrl();
    }

    @Override
    protected void lockTables(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLES " + table + " WRITE, " + table + "_attributes WRITE");
        }
    }

    @Override
    protected void unlock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLOCK TABLES");
        }
    }

    @Override
    protected int statementsWaitingForLocks(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM "
                + "information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%lock%' AND INFO LIKE ?")) {
            query.setString(1, "%" + table + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
