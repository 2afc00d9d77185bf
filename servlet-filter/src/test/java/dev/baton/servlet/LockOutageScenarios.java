/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionStore;
import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.OutageStore;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store goes down after a request took its session's lock (issue 18, item 2): the request fails with 503, and
 * once the store is back the user's next request gets the lock, on any node, instead of 503 until the session
 * expires. Subclasses pick the front end (filter or Tomcat manager).
 */
public abstract class LockOutageScenarios {

    /** The lock settings: a short lease, so that a lock whose release failed lapses within the lock timeout. */
    protected static final Map<String, String> SETTINGS = Map.of("store", "memory:", "lockMode", "session",
            "lockLease", "1s", "lockTimeout", "4s");

    private final OutageStore outage = new OutageStore(new InMemorySessionStore(Clock.systemUTC()));
    private final List<Node> nodes = new ArrayList<>();
    private final Browser browser = new Browser();

    /**
     * Starts a node running {@code app} behind Baton with {@link #SETTINGS}, on {@code store}.
     *
     * @param store the store, shared by the nodes
     * @param app the app
     * @return the started node
     */
    protected abstract Node startNode(SessionStore store, LockProbeServlet app);

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::close);
    }

    /** Runs {@code path} on the first node, taking the store down while it holds the lock; its response. */
    private HttpResponse<String> failAfterLocking(String path) throws Exception {
        LockProbeServlet app = new LockProbeServlet();
        nodes.add(startNode(outage.store(), app));
        nodes.add(startNode(outage.store(), app));
        assertThat(browser.get(nodes.get(0), "/create").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> holder = browser.getAsync(nodes.get(0), path);
        app.awaitHolding();
        outage.down();
        app.release();
        HttpResponse<String> failed = holder.join();
        outage.up();
        return failed;
    }

    /** The user's next request, on the other node, once the store is back: it must get the lock. */
    private void assertNextRequestGetsTheLock() {
        HttpResponse<String> next = browser.get(nodes.get(1), "/set?name=after&value=1");
        assertThat(next.statusCode()).as("the failed request's lock was released or lapsed").isEqualTo(200);
    }

    @Test
    @Timeout(60)
    void invalidateWhenStoreDownAfterLockTakenThenNextRequestGetsTheLock() throws Exception {
        assertThat(failAfterLocking("/hold-then-invalidate").statusCode()).isEqualTo(503);

        assertNextRequestGetsTheLock();
        assertThat(browser.get(nodes.get(0), "/get?name=after").body()).isEqualTo("1");
    }

    @Test
    @Timeout(60)
    void saveWhenStoreDownAfterLockTakenThenNextRequestGetsTheLock() throws Exception {
        assertThat(failAfterLocking("/hold").statusCode()).isEqualTo(503);

        assertNextRequestGetsTheLock();
        assertThat(browser.get(nodes.get(0), "/get?name=held").body()).as("the failed save wrote nothing")
                .isEqualTo("null");
    }
}
