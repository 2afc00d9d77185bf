/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.JettyNodes;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The last access time follows the container (issue 25): where it accesses the session of every request that carries
 * the session's ID (Tomcat's {@code alwaysAccessSession}, on under strict Servlet compliance), such a request counts
 * as an access even when the app never asks for its session; elsewhere, only requests that use the session count.
 * The store gets the time at most once per {@code touchInterval}; the next request on the node sees it at once.
 */
class LastAccessIT {

    private final CountDownLatch release = new CountDownLatch(1);
    private Node node;

    @AfterEach
    void stop() {
        release.countDown();
        if (node != null) {
            node.close();
        }
    }

    /**
     * Creates a session, lets the clock pass its creation, sends a request that doesn't use it, then reads its last
     * access time.
     *
     * @return the time the request that doesn't use the session was sent, and the last access time
     */
    private static long[] createThenPassThenRead(Node node) {
        Browser browser = new Browser();
        browser.get(node, "/create");
        passMillisecond();
        long sent = System.currentTimeMillis();
        browser.get(node, "/noop");
        return new long[] {sent, times(browser, node)[1]};
    }

    /** Waits for the millisecond clock to move on, so that a later access has a later time (as the TCK does). */
    private static void passMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() <= now) {
            Thread.onSpinWait();
        }
    }

    private static long[] times(Browser browser, Node node) {
        String[] parts = browser.get(node, "/times").body().split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    @Test
    void requestNotUsingItsSessionWhenTomcatAlwaysAccessesSessionsThenCountsAsAnAccess() {
        node = new TomcatNodes().startDeclared(Map.of("store", "memory:"), new ProbeServlet(release),
                context -> context.setAlwaysAccessSession(true));

        long[] times = createThenPassThenRead(node);

        assertThat(times[1]).isGreaterThanOrEqualTo(times[0]);
    }

    @Test
    void requestNotUsingItsSessionWhenTomcatDefaultThenNoAccess() {
        node = new TomcatNodes().startDeclared(Map.of("store", "memory:"), new ProbeServlet(release), context -> { });

        long[] times = createThenPassThenRead(node);

        assertThat(times[1]).isLessThan(times[0]);
    }

    @Test
    void requestNotUsingItsSessionWhenJettyThenNoAccess() {
        node = new JettyNodes().startDeclared(Map.of("store", "memory:"), 30, new ProbeServlet(release));

        long[] times = createThenPassThenRead(node);

        assertThat(times[1]).isLessThan(times[0]);
    }

    @Test
    void requestUsingItsSessionThenTheNextRequestSeesItsAccessThoughTheStoreTouchIsCoalesced() {
        node = new TomcatNodes().startDeclared(Map.of("store", "memory:", "touchInterval", "1h"),
                new ProbeServlet(release), context -> { });
        Browser browser = new Browser();
        browser.get(node, "/create");
        passMillisecond();

        browser.get(node, "/get?name=a");

        long[] times = times(browser, node);
        assertThat(times[1]).isGreaterThan(times[0]);
    }
}
