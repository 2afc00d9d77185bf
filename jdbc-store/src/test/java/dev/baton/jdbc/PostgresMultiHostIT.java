/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver's multi-host URL, as docs/jdbc-store.md advises for high availability, with its first host down. */
class PostgresMultiHostIT {

    private final String table = "baton_mh_" + Long.toHexString(System.nanoTime());

    @AfterEach
    void drop() throws SQLException {
        try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void openWhenFirstHostIsDownAndSecondIsPrimaryThenSavesAndLoads() throws IOException {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        String url = TestServices.postgresUrl().replace("jdbc:postgresql://",
                "jdbc:postgresql://127.0.0.1:" + nobody + ",") + "&targetServerType=primary";
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .build();
        String id = SessionIds.create().next();
        Instant now = Instant.now();

        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader())) {
            assertThat(store.save(new SessionChange(SessionChange.Kind.CREATE, id, now, now, now,
                    Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)), null, Map.of("cart", new byte[] {7}),
                    Set.of()))).isEqualTo(SaveResult.SAVED);

            assertThat(store.load(id)).hasValueSatisfying(
                    session -> assertThat(session.attributes().get("cart")).containsExactly(7));
            assertThat(store.toString()).contains("127.0.0.1:" + nobody + ",");
        }
    }
}
