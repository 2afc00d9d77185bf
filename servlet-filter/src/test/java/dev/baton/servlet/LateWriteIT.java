/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.StderrLog;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Containers;
import dev.baton.servlet.testing.LateResettingApp;
import dev.baton.servlet.testing.Node;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19: a session attribute set again after the response is complete, as Spring's
 * {@code ServletRequestAttributes.requestCompleted()} does for the session-scoped beans a request used, never overwrites
 * the newer value that the client's next request, on the other node, wrote meanwhile ({@link LateResettingApp}). Two
 * nodes of each container behind the filter, on Redis and on PostgreSQL, with and without the session lock; the client
 * alternates nodes for 200 sequential requests.
 */
class LateWriteIT {

    private static final int REQUESTS = 200;

    private final List<Node> nodes = new ArrayList<>();
    private final List<SessionStore> stores = new ArrayList<>();
    private String tableToDrop;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String store : List.of("redis", "postgresql")) {
            for (String lockMode : List.of("none", "session")) {
                Containers.all().forEach(container -> cases.add(Arguments.of(container, store, lockMode)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}, lockMode={2}, {0}")
    @MethodSource("cases")
    void requestsWhenAppSetsAttributesAgainAfterTheResponseThenNoIncrementIsLostAndNoNewerValueOverwritten(
            Node.Factory container, String storeKind, String lockMode) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        BatonConfig config = BatonConfig.builder()
                .store(storeKind.equals("redis") ? TestServices.redisUri() : TestServices.postgresUrl())
                .set("keyPrefix", "baton-test-" + unique + ":")
                .set("tableName", "baton_t_" + unique)
                .set("createSchema", "true")
                .set("allowedClasses", LateResettingApp.class.getName())
                .set("lockMode", lockMode)
                .build();
        if (storeKind.equals("postgresql")) {
            tableToDrop = config.tableName();
        }
        LateResettingApp app = new LateResettingApp();
        List<BatonSessionFilter> filters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader());
            stores.add(store);
            BatonSessionFilter filter = BatonSessionFilter.builder(config).store(store).build();
            filters.add(filter);
            nodes.add(container.start(filter, app));
        }
        Browser browser = new Browser();
        List<List<String>> answers = new ArrayList<>();

        String log = StderrLog.during(() -> answers.add(app.drive(browser, nodes, "", REQUESTS)));

        assertThat(answers.get(0)).containsExactlyElementsOf(LateResettingApp.expectedAnswers(REQUESTS));
        assertThat(browser.get(nodes.get(0), "/read").body()).isEqualTo(REQUESTS + " late-" + (REQUESTS - 1));
        long dropped = filters.stream().mapToLong(filter -> filter.engine().lateChangesDropped()).sum();
        assertThat(dropped).as("late notes dropped: every one but the last met a newer one").isEqualTo(REQUESTS - 1);
        assertThat(filters).allSatisfy(filter -> assertThat(filter.engine().leasesLost()).isZero());
        List<String> batonProblems = log.lines().filter(line -> line.contains("dev.baton"))
                .filter(line -> line.contains("WARN") || line.contains("ERROR")).toList();
        assertThat(log).doesNotContain("ERROR");
        assertThat(batonProblems).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).contains("attribute 'note'").contains("after the response"));
    }

    @AfterEach
    void stop() throws SQLException {
        nodes.forEach(Node::close);
        stores.forEach(SessionStore::close);
        if (tableToDrop != null) {
            try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop + "_attributes");
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop + "_counters");
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop);
            }
        }
    }
}
