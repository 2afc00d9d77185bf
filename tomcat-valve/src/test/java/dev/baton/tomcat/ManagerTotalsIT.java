/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The manager's {@code sessionCounter} and {@code expiredSessions} (what Tomcat's manager app and JMX consoles show)
 * are the store's totals, cluster-wide: every node reports the sessions all nodes created and all expiries, each
 * counted once, whichever node's reaper or request claimed it. On Redis and PostgreSQL, two nodes each.
 */
class ManagerTotalsIT {

    private final MutableClock clock = MutableClock.startingNow();
    private final String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);

    @Test
    void totalsWhenSessionsAreCreatedAndExpireOnTwoNodesThenEachNodeReportsAllOfThemOnRedis() {
        runScenario(Map.of("store", TestServices.redisUri(), "keyPrefix", "manager-totals-it:" + unique + ":"));
    }

    @Test
    void totalsWhenSessionsAreCreatedAndExpireOnTwoNodesThenEachNodeReportsAllOfThemOnPostgres() throws SQLException {
        String table = "baton_mt_" + unique;
        try {
            runScenario(Map.of("store", TestServices.postgresUrl(), "tableName", table, "createSchema", "true"));
        } finally {
            try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
                statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private void runScenario(Map<String, String> keys) {
        BatonSessionManager first = manager(keys);
        BatonSessionManager second = manager(keys);
        try (Node a = start(first); Node b = start(second)) {
            new Browser().get(a, "/create");
            new Browser().get(a, "/create");
            new Browser().get(b, "/create");
            Browser reaped = new Browser();
            reaped.get(b, "/expire-soon");
            Browser claimed = new Browser();
            claimed.get(a, "/expire-soon");
            assertThat(first.getSessionCounter()).as("before any expiry pass: this node's own").isEqualTo(3);

            clock.advance(Duration.ofMinutes(1));
            assertThat(claimed.get(b, "/state").body()).as("B's request claims its expired session").isEqualTo("none");
            first.processExpires();
            second.processExpires();

            for (BatonSessionManager manager : List.of(first, second)) {
                assertThat(manager.getSessionCounter()).as("created on either node").isEqualTo(5);
                assertThat(manager.getExpiredSessions()).as("one claimed by B's request, one by A's reaper")
                        .isEqualTo(2);
                assertThat(manager.getActiveSessions()).isEqualTo(3);
                assertThat(manager.getRejectedSessions()).as("Baton never refuses a session").isZero();
            }

            new Browser().get(b, "/create");
            assertThat(second.getSessionCounter()).as("between passes: the total plus this node's since").isEqualTo(6);
            assertThat(first.getSessionCounter()).as("the other node learns it at its next pass").isEqualTo(5);
            first.processExpires();
            assertThat(first.getSessionCounter()).isEqualTo(6);
        }
    }

    private BatonSessionManager manager(Map<String, String> keys) {
        BatonSessionManager manager = new BatonSessionManager();
        keys.forEach(manager::setProperty);
        manager.useClock(clock);
        return manager;
    }

    private static Node start(BatonSessionManager manager) {
        return new TomcatNodes().startConfigured(new ProbeServlet(new CountDownLatch(0)),
                context -> context.setManager(manager));
    }
}
