/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/**
 * The build runs the ITs once per supported Tomcat (10.1 and 11), swapping {@code tomcat-embed-core} on the class
 * path; each run names the version it means in the {@code expectedTomcat} system property. This proves the swap
 * happened: the Tomcat that serves the manager's sessions is that version.
 */
class TomcatVersionIT {

    @Test
    void serverWhenRunByTheBuildThenIsTheTomcatThisRunTargets() {
        String expected = System.getProperty("expectedTomcat", "10.1.");
        InMemorySessionStore store = new InMemorySessionStore(Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        try (Node node = new TomcatNodes().startConfigured(new ProbeServlet(release), context -> {
            BatonSessionManager manager = new BatonSessionManager();
            manager.setProperty("store", "memory:");
            manager.useStore(store);
            context.setManager(manager);
        })) {
            Browser browser = new Browser();
            browser.get(node, "/set?name=a&value=1");

            assertThat(ServerInfo.getServerNumber()).startsWith(expected);
            assertThat(browser.get(node, "/get?name=a").body()).isEqualTo("1");
        } finally {
            release.countDown();
        }
    }
}
