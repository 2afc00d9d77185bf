/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.contract.SessionStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;

/** The store contract for one SQL database; drops the test's tables afterwards. */
abstract class JdbcContract extends SessionStoreContract {

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection connection = DriverManager.getConnection(storeUri());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + config().tableName() + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + config().tableName() + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + config().tableName());
        }
    }
}
