/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session lock ({@code lockMode}) seen by an app on two nodes sharing a real store, with a client that alternates
 * between them: 200 increments of one counter, 8 at a time, lose nothing with the lock (and, without it, lose some:
 * the number is printed); a lock held past {@code lockTimeout} fails closed; paths outside {@code lockUris} never
 * wait. Subclasses pick the front end (filter or Tomcat manager) and the store.
 */
public abstract class LockScenarios {

    private static final int INCREMENTS = 200;
    private static final int AT_A_TIME = 8;

    private final List<Node> nodes = new ArrayList<>();
    private final Browser browser = new Browser();

    /** The store URI. */
    protected abstract String storeUri();

    /**
     * Starts a node running {@code app} behind Baton, configured with {@code settings} (the configuration
     * vocabulary: store, keyPrefix, tableName, lockMode, ...).
     *
     * @param settings the keys and values
     * @param app the app
     * @return the started node
     */
    protected abstract Node startNode(Map<String, String> settings, LockProbeServlet app);

    @AfterEach
    void stopNodes() throws Exception {
        for (Node node : nodes) {
            node.close();
        }
    }

    private Node[] twoNodes(LockProbeServlet app, String... lockSettings) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("store", storeUri());
        settings.put("keyPrefix", "baton-test-" + unique + ":");
        settings.put("tableName", "baton_t_" + unique);
        settings.put("createSchema", "true");
        for (int i = 0; i < lockSettings.length; i += 2) {
            settings.put(lockSettings[i], lockSettings[i + 1]);
        }
        Node first = startNode(settings, app);
        nodes.add(first);
        Node second = startNode(settings, app);
        nodes.add(second);
        return new Node[] {first, second};
    }

    /** Runs the increments, {@link #AT_A_TIME} at a time, alternating nodes; returns the counter's final value. */
    private int increment(Node[] node) {
        assertThat(browser.get(node[0], "/create").statusCode()).isEqualTo(200);
        for (int done = 0; done < INCREMENTS; done += AT_A_TIME) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = 0; i < AT_A_TIME; i++) {
                batch.add(browser.getAsync(node[(done + i) % 2], "/incr?name=counter"));
            }
            for (CompletableFuture<HttpResponse<String>> response : batch) {
                assertThat(response.join().statusCode()).isEqualTo(200);
            }
        }
        return Integer.parseInt(browser.get(node[1], "/get?name=counter").body());
    }

    @Test
    @Timeout(120)
    void incrementWhenLockModeSessionThenNoUpdateIsLost() {
        Node[] node = twoNodes(new LockProbeServlet(), "lockMode", "session");

        assertThat(increment(node)).isEqualTo(INCREMENTS);
    }

    @Test
    @Timeout(120)
    void incrementWhenLockModeNoneThenConcurrentUpdatesOfOneAttributeAreLost() {
        Node[] node = twoNodes(new LockProbeServlet(), "lockMode", "none");

        int counter = increment(node);

        // What every peer library does too: the number lost varies from run to run.
        System.out.printf("%s lockMode=none: %d of %d concurrent increments lost%n", getClass().getSimpleName(),
                INCREMENTS - counter, INCREMENTS);
        assertThat(counter).isBetween(1, INCREMENTS);
    }

    @Test
    @Timeout(60)
    void requestWhenLockHeldPastLockTimeoutThen503WithRetryAfterAndNothingWritten() throws Exception {
        LockProbeServlet app = new LockProbeServlet();
        Node[] node = twoNodes(app, "lockMode", "session", "lockTimeout", "300ms");
        browser.get(node[0], "/create");
        CompletableFuture<HttpResponse<String>> holder = browser.getAsync(node[0], "/hold");
        app.awaitHolding();

        HttpResponse<String> refused = browser.get(node[1], "/set?name=late&value=1");
        app.release();

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(holder.join().body()).isEqualTo("held");
        assertThat(browser.get(node[1], "/get?name=late").body()).isEqualTo("null");
        assertThat(browser.get(node[1], "/get?name=held").body()).isEqualTo("yes");
    }

    @Test
    @Timeout(60)
    void requestWhenAppThrowsThenLockIsFreedAndWhatItSetStays() {
        Node[] node = twoNodes(new LockProbeServlet(), "lockMode", "session", "lockTimeout", "300ms");
        browser.get(node[0], "/create");

        assertThat(browser.get(node[0], "/fail?name=x").statusCode()).isEqualTo(500);

        HttpResponse<String> next = browser.get(node[1], "/set?name=y&value=1");
        assertThat(next.statusCode()).as("the failed request's lock was freed").isEqualTo(200);
        assertThat(browser.get(node[1], "/get?name=x").body()).isEqualTo("before the failure");
    }

    @Test
    @Timeout(60)
    void requestWhenPathOutsideLockUrisThenNeverWaitsForTheLock() throws Exception {
        LockProbeServlet app = new LockProbeServlet();
        Node[] node = twoNodes(app, "lockMode", "uri", "lockUris", "/hold, /set", "lockTimeout", "300ms");
        browser.get(node[0], "/create");
        CompletableFuture<HttpResponse<String>> holder = browser.getAsync(node[0], "/hold");
        app.awaitHolding();

        HttpResponse<String> unlocked = browser.get(node[1], "/unlocked/get?name=created");
        HttpResponse<String> locked = browser.get(node[1], "/set?name=x&value=1");
        app.release();

        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(unlocked.body()).isEqualTo("true");
        assertThat(locked.statusCode()).isEqualTo(503);
        assertThat(holder.join().statusCode()).isEqualTo(200);
    }
}
