/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/**
 * The two-node scenarios on the shared PostgreSQL, each test with tables of its own, dropped once the nodes (and their
 * reapers) have stopped.
 */
abstract class PostgresScenarios extends TwoNodeScenarios {

    @Override
    protected SessionStore openStore(BatonConfig config) {
        return SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
    }

    @Override
    protected String storeUri() {
        return TestServices.postgresUrl();
    }

    @AfterEach
    void dropTables() throws SQLException {
        stopNodes();
        try (Connection connection = DriverManager.getConnection(storeUri());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + config.tableName() + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + config.tableName() + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + config.tableName());
        }
    }
}
