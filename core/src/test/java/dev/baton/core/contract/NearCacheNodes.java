/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.contract;

import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionEventListener;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The fixture of the near-cache tests ({@link NearCacheContract}): engines as nodes of one web app on one store, each
 * with its own store whose calls are counted, on one fake clock; clients that carry their cookie and version token as
 * a front end would; and the repeated steps (a request, warming both nodes, polling until a session is gone). Closes
 * what it opened, in reverse order.
 */
public final class NearCacheNodes implements AutoCloseable {

    /** One node: an engine on its own store, whose calls are counted. */
    public record Node(SessionEngine engine, CountingSessionStore store) {
    }

    /** A client: its cookie (session ID) and its near-cache token. */
    public static final class Client {
        /** The session ID the client sends, or {@code null}. */
        public volatile String id;
        /** The version token the client sends, or {@code null}. */
        public volatile String token;

        /** {@return another client with the same cookie and token} */
        public Client copy() {
            Client copy = new Client();
            copy.id = id;
            copy.token = token;
            return copy;
        }
    }

    /** The clock of every node. */
    public final MutableClock clock = MutableClock.startingNow();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AtomicInteger destroyed = new AtomicInteger();

    /** {@code store} with the near cache of {@code nearCacheSize} and a 30-minute session timeout. */
    public static BatonConfig withCache(BatonConfig.Builder store, String nearCacheSize) {
        return store.set("nearCacheSize", nearCacheSize).set("maxInactiveInterval", "30m").build();
    }

    /** A node on its own store opened from {@code config}, on {@link #clock}. */
    public Node node(BatonConfig config) {
        return node(config, SessionStores.open(new StoreContext(config, clock), getClass().getClassLoader()));
    }

    /** A node on {@code store}, which it closes, on {@link #clock}. */
    public Node node(BatonConfig config, SessionStore store) {
        opened.add(store);
        CountingSessionStore counting = new CountingSessionStore(store);
        SessionEngine engine = SessionEngine.builder(config).store(counting).clock(clock)
                .listener(new SessionEventListener() {
                    @Override
                    public void sessionDestroyed(BatonSession session) {
                        destroyed.incrementAndGet();
                    }
                }).build();
        opened.add(engine);
        return new Node(engine, counting);
    }

    /** {@return how many sessions the nodes' listeners saw destroyed} */
    public int destroyed() {
        return destroyed.get();
    }

    /** Closes {@code resource} after every node (a test's tables, its own server). */
    public void closeLast(AutoCloseable resource) {
        opened.add(0, resource);
    }

    /** One request of {@code client} on {@code node}, as a front end makes it: token in, save, ID and token out. */
    public static <T> T request(Node node, Client client, boolean create, Function<BatonSession, T> app) {
        SessionRequest request = node.engine().newRequest(client.id);
        request.presentVersion(client.token);
        try {
            T result = app.apply(request.getSession(create));
            request.save();
            request.idToSend().ifPresent(id -> client.id = id);
            if (request.shouldClearClientId()) {
                client.id = null;
            }
            request.versionToSend().ifPresent(token -> client.token = token.isEmpty() ? null : token);
            return result;
        } finally {
            request.release();
        }
    }

    /** Reads attribute {@code name}: {@code null} when absent or when there is no session. */
    public static Object read(Node node, Client client, String name) {
        return request(node, client, false, session -> session == null ? null : session.getAttribute(name));
    }

    /** Writes attribute {@code name}, creating the session if needed. */
    public static void write(Node node, Client client, String name, Object value) {
        request(node, client, true, session -> {
            session.setAttribute(name, value);
            return null;
        });
    }

    /** Invalidates the client's session on {@code node}. */
    public static void invalidate(Node node, Client client) {
        request(node, client, false, session -> {
            session.invalidate();
            return null;
        });
    }

    /** Reads on both nodes until neither calls its store: both feeds listen and both nodes hold the session. */
    public static void warm(Node a, Node b, Client client, String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            a.store().reset();
            b.store().reset();
            read(a, client, name);
            read(b, client, name);
            return a.store().totalCalls() + b.store().totalCalls() == 0;
        });
    }

    /** Polls every millisecond, for at most 5 s, until {@code condition}; {@return the nanoseconds it took} */
    public static long pollUntil(Callable<Boolean> condition) {
        long start = System.nanoTime();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                .until(condition);
        return System.nanoTime() - start;
    }

    /** Closes what was opened, once. */
    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.remove(i).close();
        }
    }
}
