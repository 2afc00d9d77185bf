/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.testing.TestServices;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

class MariadbStatementsIT extends JdbcStatements {

    @Override
    protected String url() {
        return TestServices.mariadbUrl();
    }

    @Override
    protected DataSource dataSource() throws SQLException {
        return new MariaDbDataSource(url());
    }

    @Override
    protected Map<String, Integer> expectedRoundTrips() {
        return Map.ofEntries(Map.entry("create", 5), Map.entry("load", 1), Map.entry("delta", 4), Map.entry("touch", 2),
                Map.entry("loadLocked", 2), Map.entry("fenced delta", 3), Map.entry("unlock", 1), Map.entry("changeId", 1),
                Map.entry("delete", 1), Map.entry("gone", 2), Map.entry("reapExpired", 5), Map.entry("reapExpired, none", 2));
    }

    @Override
    protected String ddlResource() {
        return "schema-mariadb.sql";
    }

    @Override
    protected boolean createsSchemaByDefault() {
        return false;
    }
}
