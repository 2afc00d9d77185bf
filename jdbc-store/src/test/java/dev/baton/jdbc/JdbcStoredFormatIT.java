/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Session rows as an earlier release's JDBC store wrote them (columns, their encoding, attribute names and bytes,
 * a name written as its key) are still a whole session to the current store, on PostgreSQL, H2 and MariaDB. Each
 * release adds its rows under {@code src/test/resources/stored-format/<version>-jdbc.properties}: {@code id},
 * {@code writtenAt}, {@code session.<column>} (a column left out is NULL) and {@code attribute.<n>.name} /
 * {@code attribute.<n>.bytes} (Base64). Its attribute values are entries of core's fixture of the same release, which
 * core's {@code StoredFormatTest} decodes. The tables are the current DDL's, created by the store: a release that
 * changes the schema migrates the fixture's rows as its migration would.
 */
class JdbcStoredFormatIT {

    /** Tomcat's FORM login keeps its notes under names that begin with NUL: such a name is stored as its key. */
    private static final String KEYED_NAME = "\0org.apache.catalina.authenticator.REQUEST";

    static Stream<Arguments> releasesAndDatabases() {
        List<Arguments> arguments = new ArrayList<>();
        for (String release : List.of("0.1.0")) {
            arguments.add(Arguments.of(release, "PostgreSQL"));
            arguments.add(Arguments.of(release, "H2"));
            arguments.add(Arguments.of(release, "MariaDB"));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("releasesAndDatabases")
    void loadWhenTheRowsWereWrittenByThatReleaseThenTheWholeSessionReadsBack(String release, String database)
            throws SQLException {
        Properties rows = fixture(release + "-jdbc");
        Properties values = fixture(release);
        String id = rows.getProperty("id");
        Instant writtenAt = Instant.parse(rows.getProperty("writtenAt"));
        String url = url(database);
        String table = "baton_format_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .build();

        StoredSession session;
        try (SessionStore store = SessionStores.open(
                new StoreContext(config, new MutableClock(writtenAt.plusSeconds(60))), getClass().getClassLoader());
                Connection connection = DriverManager.getConnection(url)) {
            try {
                insert(connection, table, rows);
                session = store.load(id).orElseThrow();
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
                    statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }

        assertThat(List.of(session.created(), session.lastAccessed(), session.expiresAt()))
                .containsExactly(writtenAt, writtenAt, writtenAt.plus(Duration.ofMinutes(30)));
        assertThat(session.maxInactive()).isEqualTo(Duration.ofMinutes(30));
        assertThat(session.version()).isEqualTo(1);
        assertThat(session.principal()).isEqualTo("ann");
        assertThat(session.attributes()).containsOnlyKeys("user", "cart", "prefs", KEYED_NAME);
        assertThat(session.attributes().get("user")).isEqualTo(base64(values, "kryo.user"));
        assertThat(session.attributes().get("cart")).isEqualTo(base64(values, "kryo.cart"));
        assertThat(session.attributes().get("prefs")).isEqualTo(base64(values, "java.prefs"));
        assertThat(session.attributes().get(KEYED_NAME)).isEqualTo(base64(values, "kryo.user"));
    }

    private static String url(String database) {
        return switch (database) {
            case "PostgreSQL" -> TestServices.postgresUrl();
            case "MariaDB" -> TestServices.mariadbUrl();
            default -> "jdbc:h2:mem:baton-format;DB_CLOSE_DELAY=-1";
        };
    }

    /** Writes the fixture's rows with plain JDBC, each value bound as its column's type wants it. */
    private static void insert(Connection connection, String table, Properties rows) throws SQLException {
        List<String> columns = rows.stringPropertyNames().stream().filter(name -> name.startsWith("session."))
                .map(name -> name.substring("session.".length())).sorted().toList();
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(column -> "?").toList()) + ")";
        List<Integer> types = columnTypes(connection, table, String.join(", ", columns));
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.size(); i++) {
                String value = rows.getProperty("session." + columns.get(i));
                if (types.get(i) == Types.BIGINT) {
                    insert.setLong(i + 1, Long.parseLong(value));
                } else {
                    insert.setString(i + 1, value);
                }
            }
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + "_attributes (session_id, name, bytes) VALUES (?, ?, ?)")) {
            boolean binaryNames = isBinary(columnTypes(connection, table + "_attributes", "name").get(0));
            for (int n = 0; rows.containsKey("attribute." + n + ".name"); n++) {
                String name = rows.getProperty("attribute." + n + ".name");
                insert.setString(1, rows.getProperty("id"));
                if (binaryNames) {
                    insert.setBytes(2, name.getBytes(StandardCharsets.UTF_8));
                } else {
                    insert.setString(2, name);
                }
                insert.setBytes(3, base64(rows, "attribute." + n + ".bytes"));
                insert.executeUpdate();
            }
        }
    }

    /** The JDBC types of these columns, as the table declares them. */
    private static List<Integer> columnTypes(Connection connection, String table, String columns) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet none = statement.executeQuery("SELECT " + columns + " FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData metaData = none.getMetaData();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                types.add(metaData.getColumnType(i));
            }
            return types;
        }
    }

    private static boolean isBinary(int type) {
        return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY;
    }

    private static byte[] base64(Properties properties, String name) {
        return Base64.getDecoder().decode(properties.getProperty(name));
    }

    private static Properties fixture(String name) {
        Properties fixture = new Properties();
        try (InputStream in = JdbcStoredFormatIT.class.getResourceAsStream("/stored-format/" + name + ".properties")) {
            fixture.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixture;
    }
}
