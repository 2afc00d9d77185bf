/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import dev.baton.core.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own on the shared PostgreSQL ({@link TestServices#postgresUrl()}), with Baton's tables made from
 * the DDL that ships in the JDBC store's jar, as an operator runs it: the apps under test then set nothing but the
 * store URI. Dropped on close.
 */
final class FreshPostgresDatabase implements AutoCloseable {

    /** The DDL in the JDBC store's jar, {@code ${table}} and {@code ${name}} to be replaced. */
    private static final String SCHEMA = "/dev/baton/jdbc/schema-postgresql.sql";

    private final String adminUrl;
    private final String name;
    private final String url;

    private FreshPostgresDatabase(String adminUrl, String name, String url) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    static FreshPostgresDatabase create() throws SQLException, IOException {
        String adminUrl = TestServices.postgresUrl();
        String name = "baton_apps_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String ddl;
        try (InputStream in = FreshPostgresDatabase.class.getResourceAsStream(SCHEMA)) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", "baton_sessions")
                    .replace("${name}", "baton_sessions");
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
        return new FreshPostgresDatabase(adminUrl, name, url);
    }

    /** The store URI of this database: the shared server's URL with this database's name. */
    String url() {
        return url;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
