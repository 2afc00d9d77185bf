/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static dev.baton.core.contract.NearCacheNodes.read;
import static dev.baton.core.contract.NearCacheNodes.warm;
import static dev.baton.core.contract.NearCacheNodes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.StoreContext;
import dev.baton.core.contract.NearCacheContract;
import dev.baton.core.contract.NearCacheNodes;
import dev.baton.core.contract.NearCacheNodes.Client;
import dev.baton.core.contract.NearCacheNodes.Node;
import dev.baton.core.testing.TestServices;
import dev.baton.jdbc.testing.CountingDataSource;
import dev.baton.jdbc.testing.PrivatePostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The near-cache contract on PostgreSQL (the shared database {@code test}, a table per test, dropped after it), fed by
 * {@code LISTEN/NOTIFY}; and a private server crashed and started again under the nodes.
 */
class PostgresNearCacheIT extends NearCacheContract {

    @Override
    protected BatonConfig.Builder storeConfig() {
        return tableOfItsOwn(nodes);
    }

    /** The shared database with a new table, dropped after {@code nodes} are closed. */
    static BatonConfig.Builder tableOfItsOwn(NearCacheNodes nodes) {
        String url = TestServices.postgresUrl();
        String table = newTable();
        nodes.closeLast(() -> {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                for (String suffix : new String[] {"_attributes", "_counters", ""}) {
                    statement.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            }
        });
        return storeConfig(url, table);
    }

    private static String newTable() {
        return "baton_near_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(6);
    }

    private static BatonConfig.Builder storeConfig(String url, String table) {
        return BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true");
    }

    @Test
    void readsWhenCachedThenNoStatementReachesPostgres() {
        for (String size : new String[] {"1MiB", "0"}) {
            BatonConfig config = config(size);
            CountingDataSource counting = new CountingDataSource(dataSource());
            Node a = nodes.node(config, new JdbcSessionStore(new StoreContext(config, nodes.clock), counting));
            Node b = nodes.node(config, new JdbcSessionStore(new StoreContext(config, nodes.clock), counting));
            Client client = new Client();
            write(a, client, "color", "red");
            if (size.equals("0")) {
                read(b, client, "color");
            } else {
                warm(a, b, client, "color");
            }
            counting.reset();

            for (int i = 0; i < 100; i++) {
                assertThat(read(i % 2 == 0 ? a : b, client, "color")).isEqualTo("red");
            }

            System.out.printf("near cache (PostgreSQL, nearCacheSize=%s): 100 alternating reads, %d round trips%n",
                    size, counting.roundTrips());
            assertThat(counting.roundTrips()).isEqualTo(size.equals("0") ? 100 : 0);
        }
    }

    private static DataSource dataSource() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(TestServices.postgresUrl());
        return postgres;
    }

    @Test
    void databaseWhenRestartedThenFeedReconnectsAndNothingCachedBeforeIsServed() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            BatonConfig config = NearCacheNodes.withCache(
                    storeConfig(postgres.url(), newTable()).set("storeTimeout", "1s"), "1MiB");
            Node a = nodes.node(config);
            Node b = nodes.node(config);
            Client client = new Client();
            write(a, client, "color", "red");
            warm(a, b, client, "color");

            postgres.stopNow();
            postgres.startServer();
            // A change that no feed announces (made behind the store's back, as if its message were lost while the
            // feeds were down): only a cache emptied when its feed dropped can't serve what it held.
            try (Connection connection = DriverManager.getConnection(postgres.url());
                    PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + config.tableName() + " WHERE id = ?")) {
                delete.setString(1, client.id);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            Client probe = new Client();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                write(a, probe, "v", "x");
                return true;
            });
            warm(a, b, probe, "v");

            assertThat(read(a, client.copy(), "color")).isNull();
            assertThat(read(b, client, "color")).isNull();
            nodes.close();
        }
    }
}
