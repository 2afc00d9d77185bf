/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.LateResettingApp;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19, through the Tomcat manager: a session attribute set again after the response is complete, as Spring's
 * request completion does ({@link LateResettingApp}), never overwrites the newer value that the client's next request,
 * on the other node, wrote meanwhile. Two Tomcat nodes, each with its own manager and store, on Redis and on
 * PostgreSQL; 200 sequential requests alternating between them.
 */
class ManagerLateWriteIT {

    private static final int REQUESTS = 200;

    private final List<Node> nodes = new ArrayList<>();
    private final List<BatonSessionManager> managers = new ArrayList<>();
    private String tableToDrop;

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgresql"})
    void requestsWhenAppSetsAttributesAgainAfterTheResponseThenNoIncrementIsLostAndNoNewerValueOverwritten(
            String storeKind) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        if (storeKind.equals("postgresql")) {
            tableToDrop = "baton_t_" + unique;
        }
        LateResettingApp app = new LateResettingApp();
        for (int i = 0; i < 2; i++) {
            nodes.add(new TomcatNodes().startConfigured(app, context -> {
                BatonSessionManager manager = new BatonSessionManager();
                manager.setProperty("store", storeKind.equals("redis") ? TestServices.redisUri()
                        : TestServices.postgresUrl());
                manager.setProperty("keyPrefix", "baton-test-" + unique + ":");
                manager.setProperty("tableName", "baton_t_" + unique);
                manager.setProperty("createSchema", "true");
                manager.setProperty("allowedClasses", LateResettingApp.class.getName());
                managers.add(manager);
                context.setManager(manager);
            }));
        }
        Browser browser = new Browser();

        List<String> answers = app.drive(browser, nodes, "", REQUESTS);

        assertThat(answers).containsExactlyElementsOf(LateResettingApp.expectedAnswers(REQUESTS));
        assertThat(browser.get(nodes.get(0), "/read").body()).isEqualTo(REQUESTS + " late-" + (REQUESTS - 1));
        long dropped = managers.stream().mapToLong(manager -> manager.engine().lateChangesDropped()).sum();
        assertThat(dropped).as("late notes dropped: every one but the last met a newer one").isEqualTo(REQUESTS - 1);
    }

    @AfterEach
    void stop() throws SQLException {
        nodes.forEach(Node::close);
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
