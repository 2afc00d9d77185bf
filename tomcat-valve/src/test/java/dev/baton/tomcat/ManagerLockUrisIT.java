/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code lockMode=uri} through the manager, in a web app at {@code /shop}, with path parameters in the context path
 * (issue 18, item 6): the path matched against {@code lockUris} is the servlet path and path info, as the filter's is.
 */
class ManagerLockUrisIT {

    private final LockProbeServlet app = new LockProbeServlet();
    private final Browser browser = new Browser();
    private final Node node = new TomcatNodes("/shop").startConfigured(app, context -> {
        BatonSessionManager manager = new BatonSessionManager();
        Map.of("store", "memory:", "lockMode", "uri", "lockUris", "/hold, /set", "lockTimeout", "300ms")
                .forEach(manager::setProperty);
        manager.useStore(new InMemorySessionStore(Clock.systemUTC()));
        context.setManager(manager);
    });

    @AfterEach
    void stop() {
        app.release();
        node.close();
    }

    @Test
    @Timeout(60)
    void lockUrisWhenContextPathHasPathParameterThenLockedPathStillWaitsForTheLock() throws Exception {
        browser.get(node, "/shop/create");
        CompletableFuture<HttpResponse<String>> holder = browser.getAsync(node, "/shop/hold");
        app.awaitHolding();

        HttpResponse<String> locked = browser.get(node, "/shop;x=1/set?name=x&value=1");
        app.release();

        assertThat(locked.statusCode()).as("waited for the lock, and failed closed").isEqualTo(503);
        assertThat(holder.join().statusCode()).isEqualTo(200);
    }

    @Test
    void lockUrisWhenPathParameterLongerThanThePathThenServedNot500() {
        browser.get(node, "/shop/create");

        HttpResponse<String> response = browser.get(node, "/shop;aaaaaaaaaaaaaaaaaaaa/get?name=created");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("true");
    }
}
