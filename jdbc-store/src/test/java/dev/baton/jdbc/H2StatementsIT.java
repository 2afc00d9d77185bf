/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2StatementsIT extends JdbcStatements {

    @Override
    protected String url() {
        return "jdbc:h2:mem:baton_statements;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected DataSource dataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url());
        return h2;
    }

    @Override
    protected Map<String, Integer> expectedRoundTrips() {
        return Map.ofEntries(Map.entry("create", 5), Map.entry("load", 1), Map.entry("delta", 4), Map.entry("touch", 2),
                Map.entry("loadLocked", 2), Map.entry("fenced delta", 3), Map.entry("unlock", 1), Map.entry("changeId", 5),
                Map.entry("delete", 1), Map.entry("gone", 2), Map.entry("reapExpired", 6), Map.entry("reapExpired, none", 1));
    }

    @Override
    protected String ddlResource() {
        return "schema-h2.sql";
    }

    @Override
    protected boolean createsSchemaByDefault() {
        return true;
    }
}
