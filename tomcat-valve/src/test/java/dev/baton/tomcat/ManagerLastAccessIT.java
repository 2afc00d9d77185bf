/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The manager's last access time follows Tomcat's (issue 25): under {@code alwaysAccessSession} (strict Servlet
 * compliance) a request that carries the session's ID is an access though the app never asks for its session; by
 * default it is not. The store gets the time at most once per {@code touchInterval}; the next request on the node
 * sees it at once.
 */
class ManagerLastAccessIT {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ManagerNodes nodes = new ManagerNodes();

    @AfterEach
    void stop() {
        release.countDown();
        nodes.close();
    }

    /**
     * Creates a session, lets the millisecond clock move on (as the TCK does), sends a request that doesn't use the
     * session, then reads its last access time.
     *
     * @return the time the request that doesn't use the session was sent, and the last access time
     */
    private static long[] createThenPassThenRead(Node node) {
        Browser browser = new Browser();
        browser.get(node, "/create");
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() <= now) {
            Thread.onSpinWait();
        }
        long sent = System.currentTimeMillis();
        browser.get(node, "/noop");
        String[] parts = browser.get(node, "/times").body().split(" ");
        return new long[] {sent, Long.parseLong(parts[1])};
    }

    @Test
    void requestNotUsingItsSessionWhenAlwaysAccessSessionThenCountsAsAnAccess() {
        Node node = nodes.start(new ProbeServlet(release), Map.of(), context -> context.setAlwaysAccessSession(true));

        long[] times = createThenPassThenRead(node);

        assertThat(times[1]).isGreaterThanOrEqualTo(times[0]);
    }

    @Test
    void requestNotUsingItsSessionWhenTomcatDefaultThenNoAccess() {
        Node node = nodes.start(new ProbeServlet(release), Map.of(), context -> { });

        long[] times = createThenPassThenRead(node);

        assertThat(times[1]).isLessThan(times[0]);
    }
}
