/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** {@link ConcurrentSessionScenarios} on the shared PostgreSQL, with tables of each test's own, dropped after it. */
class PostgresConcurrentSessionsIT extends ConcurrentSessionScenarios {

    private final String table = "boot_cs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    protected List<String> storeProperties() {
        return List.of("baton.store=" + TestServices.postgresUrl(), "baton.tableName=" + table,
                "baton.createSchema=true");
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
