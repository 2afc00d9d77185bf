/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc.internal;

import dev.baton.core.StoreContext;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/** What differs between the databases, other than the text of their statements (the store's SessionSql). Not API. */
public enum Dialect {
    /** PostgreSQL: one-statement deltas through CTEs, {@code SKIP LOCKED}. */
    POSTGRESQL("schema-postgresql.sql", true),
    /** MariaDB 10.6+ and MySQL 8: binary-collated IDs and names, {@code SKIP LOCKED}. */
    MARIADB("schema-mariadb.sql", true),
    /** H2: {@code MERGE}; claims by conditional delete instead of row locks. */
    H2("schema-h2.sql", false);

    /** How long past the deadline a database that ignores the cancel is waited for before its connection is dropped. */
    public static final long NETWORK_GRACE_MILLIS = 250;

    /** H2's setting for its TCP client's socket read timeout, in milliseconds. */
    private static final String H2_NETWORK_TIMEOUT = "NETWORK_TIMEOUT";

    private final String schemaResource;
    private final boolean skipLocked;

    Dialect(String schemaResource, boolean skipLocked) {
        this.schemaResource = schemaResource;
        this.skipLocked = skipLocked;
    }

    /**
     * The dialect of a store's JDBC URL.
     *
     * @param context the store's context
     * @return the dialect
     * @throws IllegalArgumentException for a database Baton has no dialect for
     */
    public static Dialect of(StoreContext context) {
        String lower = context.uri().toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("store=" + context.maskedUri()
                + ": no SQL dialect for this database; Baton supports jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: "
                + "and jdbc:h2:");
    }

    /** The DDL resource, with {@code ${table}} and {@code ${name}} placeholders. */
    public String schemaResource() {
        return "/dev/baton/jdbc/" + schemaResource;
    }

    /** Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} is available. */
    public boolean skipLocked() {
        return skipLocked;
    }

    /** Whether creations and deltas run as one statement each (PostgreSQL's data-modifying CTEs). */
    public boolean singleStatementSave() {
        return this == POSTGRESQL;
    }

    /**
     * Whether the statements that change or remove an existing session announce its ID to the nodes' near caches, in
     * the same statement ({@code pg_notify} on the table's channel, delivered at commit): PostgreSQL only.
     */
    public boolean announcesChanges() {
        return this == POSTGRESQL;
    }

    /**
     * Whether a session's ID changes as one {@code UPDATE} of its row, the attribute rows following by
     * {@code ON UPDATE CASCADE}: not on H2, whose 2.3 cascade fails now and then with "Referential integrity
     * constraint violation" while other sessions are written; there the row is copied under the new ID, the
     * attribute rows moved, and the old row deleted, in one transaction.
     */
    public boolean cascadesIdChange() {
        return this != H2;
    }

    /**
     * Whether reads from the database are bounded by {@link java.sql.Connection#setNetworkTimeout}: not on H2, whose
     * client ignores it; over TCP, H2's reads are bounded by its {@code NETWORK_TIMEOUT} setting instead (see
     * {@link #timeoutProperties}).
     */
    public boolean networkTimeout() {
        return this != H2;
    }

    /**
     * Binds an attribute name.
     *
     * @param statement the statement
     * @param index the parameter
     * @param name the name
     * @throws SQLException from the driver
     */
    public void bindName(PreparedStatement statement, int index, String name) throws SQLException {
        if (this == MARIADB) {
            statement.setBytes(index, name.getBytes(StandardCharsets.UTF_8));
        } else {
            statement.setString(index, name);
        }
    }

    /**
     * Reads an attribute name.
     *
     * @param rows the result
     * @param column the column
     * @return the name
     * @throws SQLException from the driver
     */
    public String readName(ResultSet rows, int column) throws SQLException {
        if (this == MARIADB) {
            byte[] bytes = rows.getBytes(column);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
        return rows.getString(column);
    }

    /**
     * Driver properties that bound opening a connection by {@code storeTimeout}. Reads on an open connection are
     * bounded per operation, by the store, except on H2 over TCP: there every read is bounded by {@code storeTimeout}
     * plus {@link #NETWORK_GRACE_MILLIS}.
     *
     * @param url the store URL; a setting it makes itself stands (H2 refuses one set twice with two values)
     * @param timeout the store timeout
     * @return the properties
     */
    public Properties timeoutProperties(String url, Duration timeout) {
        Properties properties = new Properties();
        switch (this) {
            case POSTGRESQL -> {
                long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
                properties.setProperty("connectTimeout", Long.toString(seconds));
                properties.setProperty("loginTimeout", Long.toString(seconds));
            }
            case MARIADB -> properties.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
            // H2's client ignores setNetworkTimeout: over TCP its socket's read timeout is this setting (in process,
            // H2 ignores it).
            case H2 -> {
                if (!url.toUpperCase(Locale.ROOT).contains(";" + H2_NETWORK_TIMEOUT + "=")) {
                    long millis = timeout.toMillis() + NETWORK_GRACE_MILLIS;
                    properties.setProperty(H2_NETWORK_TIMEOUT, Long.toString(millis));
                }
            }
        }
        return properties;
    }
}
