/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
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

/**
 * Tomcat's {@code AccessLogValve} with {@code %{dev.baton.session.hash}r %{dev.baton.session.outcome}r}, behind the
 * filter on Redis: each line names the session's hash (never its ID) and whether it was created, loaded, missed,
 * untouched or none.
 */
class AccessLogIT {

    @Test
    void accessLogWhenPatternNamesBatonAttributesThenEachLineShowsHashAndOutcomeAndNeverTheId() {
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri())
                .set("keyPrefix", "access-log-it:" + UUID.randomUUID() + ":").build();
        AccessLog log = new AccessLog();
        try (Node node = new TomcatNodes().startConfigured(BatonSessionFilter.builder(config).build(),
                new ProbeServlet(new CountDownLatch(0)), log::addTo)) {
            Browser browser = new Browser();
            browser.get(node, "/noop");
            String id = browser.get(node, "/create").body();
            browser.get(node, "/get?name=a");
            browser.get(node, "/noop");
            browser.get(node, "/invalidate");
            browser.setCookie("SESSION", id);
            browser.get(node, "/state");

            String hash = LogIds.hash(id);
            List<String> lines = log.awaitLines(6);
            assertThat(lines).containsExactly("/noop 200 - none", "/create 200 " + hash + " created",
                    "/get 200 " + hash + " loaded", "/noop 200 " + hash + " untouched",
                    "/invalidate 200 " + hash + " loaded", "/state 200 " + hash + " missed");
            assertThat(String.join("\n", lines)).doesNotContain(id);
        }
    }
}
