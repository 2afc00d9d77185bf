/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The manager's {@code activeSessions} (what Tomcat's manager app and JMX consoles show) is the store's count,
 * cluster-wide: every node reports the sessions that all nodes created, refreshed at Tomcat's expiry pass.
 */
class ManagerActiveSessionsIT {

    @Test
    void activeSessionsWhenSessionsAreCreatedOnTwoNodesThenEachNodeReportsAllOfThem() {
        String prefix = "manager-active-it:" + UUID.randomUUID() + ":";
        BatonSessionManager first = manager(prefix);
        BatonSessionManager second = manager(prefix);
        try (Node a = new TomcatNodes().startConfigured(new ProbeServlet(new CountDownLatch(0)),
                context -> context.setManager(first));
                Node b = new TomcatNodes().startConfigured(new ProbeServlet(new CountDownLatch(0)),
                        context -> context.setManager(second))) {
            new Browser().get(a, "/create");
            new Browser().get(a, "/create");
            Browser third = new Browser();
            third.get(b, "/create");

            first.processExpires();
            second.processExpires();
            assertThat(first.getActiveSessions()).isEqualTo(3);
            assertThat(second.getActiveSessions()).isEqualTo(3);
            assertThat(second.getMaxActive()).isEqualTo(3);

            third.get(a, "/invalidate");
            first.processExpires();
            assertThat(first.getActiveSessions()).isEqualTo(2);
            assertThat(first.getMaxActive()).as("the most seen").isEqualTo(3);
        }
    }

    private static BatonSessionManager manager(String prefix) {
        BatonSessionManager manager = new BatonSessionManager();
        manager.setProperty("store", TestServices.redisUri());
        manager.setProperty("keyPrefix", prefix);
        return manager;
    }
}
