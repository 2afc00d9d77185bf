/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.LogIds;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.AccessLog;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The Tomcat manager sets the same access log attributes as the filter: Tomcat's session cookie, Baton's hash. */
class ManagerAccessLogIT {

    @Test
    void accessLogWhenManagerServesThenEachLineShowsHashAndOutcome() {
        AccessLog log = new AccessLog();
        try (Node node = new TomcatNodes().startConfigured(new ProbeServlet(new CountDownLatch(0)), context -> {
            BatonSessionManager manager = new BatonSessionManager();
            manager.setProperty("store", TestServices.redisUri());
            manager.setProperty("keyPrefix", "manager-access-log-it:" + UUID.randomUUID() + ":");
            context.setManager(manager);
            log.addTo(context);
        })) {
            Browser browser = new Browser();
            browser.get(node, "/noop");
            String id = browser.get(node, "/create").body();
            browser.get(node, "/get?name=a");
            browser.get(node, "/noop");

            String hash = LogIds.hash(id);
            List<String> lines = log.awaitLines(4);
            assertThat(lines).containsExactly("/noop 200 - none", "/create 200 " + hash + " created",
                    "/get 200 " + hash + " loaded", "/noop 200 " + hash + " untouched");
            assertThat(String.join("\n", lines)).doesNotContain(id);
        }
    }
}
