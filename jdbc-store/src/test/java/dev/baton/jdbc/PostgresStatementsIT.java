/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresStatementsIT extends JdbcStatements {

    @Override
    protected String url() {
        return TestServices.postgresUrl();
    }

    @Override
    protected DataSource dataSource() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url());
        return postgres;
    }

    @Override
    protected Map<String, Integer> expectedRoundTrips() {
        return Map.ofEntries(Map.entry("create", 1), Map.entry("load", 1), Map.entry("delta", 1), Map.entry("touch", 1),
                Map.entry("loadLocked", 1), Map.entry("fenced delta", 1), Map.entry("unlock", 1), Map.entry("changeId", 1),
                Map.entry("delete", 1), Map.entry("gone", 1), Map.entry("reapExpired", 5), Map.entry("reapExpired, none", 2));
    }

    @Override
    protected String ddlResource() {
        return "schema-postgresql.sql";
    }

    @Override
    protected boolean createsSchemaByDefault() {
        return false;
    }

    /** Each attribute row's xmin: the transaction that last wrote it. */
    private Map<String, String> rowVersions(String id) throws SQLException {
        Map<String, String> versions = new HashMap<>();
        try (Connection connection = dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT name, xmin::text FROM " + table
                        + "_attributes WHERE session_id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return versions;
    }

    @Test
    void saveWhenDeltaThenUntouchedAttributeRowsAreNotRewritten() throws SQLException {
        String id = SessionIds.create().next();
        store().save(change(SessionChange.Kind.CREATE, id, Map.of("cart", new byte[10_000], "user", new byte[] {1},
                "old", new byte[] {2}), Set.of()));
        Map<String, String> before = rowVersions(id);

        assertThat(store().save(change(SessionChange.Kind.UPDATE, id, Map.of("user", new byte[] {3}), Set.of("old"))))
                .isEqualTo(SaveResult.SAVED);

        Map<String, String> after = rowVersions(id);
        assertThat(after).containsOnlyKeys("cart", "user");
        assertThat(after.get("cart")).as("the untouched row's xmin").isEqualTo(before.get("cart"));
        assertThat(after.get("user")).as("the changed row's xmin").isNotEqualTo(before.get("user"));
    }
}
