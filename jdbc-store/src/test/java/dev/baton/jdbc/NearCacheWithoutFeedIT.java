/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MariaDB and H2 have no invalidation feed: a near cache on them fails at start, naming the setting. */
class NearCacheWithoutFeedIT {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "h2"})
    void engineWhenNearCacheOnWithoutFeedThenFailsAtStartNamingTheKey(String database) throws Exception {
        String url = database.equals("h2") ? "jdbc:h2:mem:nearcache;DB_CLOSE_DELAY=-1" : TestServices.mariadbUrl();
        String table = "baton_nofeed_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(8);
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .set("nearCacheSize", "1MiB").build();
        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader())) {
            assertThat(store.openInvalidationFeed()).isEmpty();
            assertThatThrownBy(() -> SessionEngine.builder(config).store(store).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nearCacheSize=1048576")
                    .hasMessageContaining("has no invalidation feed")
                    .hasMessageContaining("use nearCacheSize=0 with this store");
        } finally {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                for (String suffix : new String[] {"_attributes", "_counters", ""}) {
                    statement.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            }
        }
    }
}
