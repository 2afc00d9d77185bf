/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionAdmin;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionEventListener;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.testing.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache ({@code nearCacheSize}) on real Redis, with two engines as two nodes of one web app and every request
 * alternating between them: reads of an unchanged session cost no store call, and yet every client reads its own
 * writes, invalidations reach every node, idle sessions expire on time, memory stays bounded, and a feed that drops
 * empties the cache. See docs/near-cache.md.
 */
class RedisNearCacheIT {

    /** One node: an engine on its own store, whose calls are counted. */
    record Node(SessionEngine engine, CountingSessionStore store) {
    }

    /** A client: its cookie (session ID) and its near-cache token. */
    static final class Client {
        volatile String id;
        volatile String token;

        Client copy() {
            Client copy = new Client();
            copy.id = id;
            copy.token = token;
            return copy;
        }
    }

    private final MutableClock clock = MutableClock.startingNow();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AtomicInteger destroyed = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private BatonConfig config(String uri, String nearCacheSize) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        return BatonConfig.builder().store(uri).set("keyPrefix", "baton-near-" + unique + ":")
                .set("nearCacheSize", nearCacheSize).set("maxInactiveInterval", "30m").build();
    }

    private Node node(BatonConfig config, Clock nodeClock) {
        SessionStore store = SessionStores.open(new StoreContext(config, nodeClock), getClass().getClassLoader());
        opened.add(store);
        CountingSessionStore counting = new CountingSessionStore(store);
        SessionEngine engine = SessionEngine.builder(config).store(counting).clock(nodeClock)
                .listener(new SessionEventListener() {
                    @Override
                    public void sessionDestroyed(BatonSession session) {
                        destroyed.incrementAndGet();
                    }
                }).build();
        opened.add(engine);
        return new Node(engine, counting);
    }

    /** One request of {@code client} on {@code node}, as a front end makes it: token in, save, ID and token out. */
    private static <T> T request(Node node, Client client, boolean create, Function<BatonSession, T> app) {
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

    private static Object read(Node node, Client client, String name) {
        return request(node, client, false, session -> session == null ? null : session.getAttribute(name));
    }

    private static void write(Node node, Client client, String name, Object value) {
        request(node, client, true, session -> {
            session.setAttribute(name, value);
            return null;
        });
    }

    /** Reads on both nodes until neither calls its store: both feeds listen and both nodes hold the session. */
    private static void warm(Node a, Node b, Client client, String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            a.store().reset();
            b.store().reset();
            read(a, client, name);
            read(b, client, name);
            return a.store().totalCalls() + b.store().totalCalls() == 0;
        });
    }

    @Test
    void readsWhenSessionUnchangedThenNoStoreCallOnEitherNode() {
        BatonConfig config = config(TestServices.redisUri(), "1MiB");
        Node a = node(config, clock);
        Node b = node(config, clock);
        Client client = new Client();
        write(a, client, "color", "red");
        warm(a, b, client, "color");
        a.store().reset();
        b.store().reset();

        for (int i = 0; i < 100; i++) {
            assertThat(read(i % 2 == 0 ? a : b, client, "color")).isEqualTo("red");
        }

        assertThat(a.store().totalCalls() + b.store().totalCalls()).isZero();
    }

    @Test
    void writeOnOneNodeWhenReadOnTheOtherThenNewValueIsSeen() {
        BatonConfig config = config(TestServices.redisUri(), "1MiB");
        Node a = node(config, clock);
        Node b = node(config, clock);
        Client client = new Client();
        write(a, client, "n", 0);
        warm(a, b, client, "n");

        for (int i = 1; i <= 200; i++) {
            Node writer = i % 2 == 0 ? a : b;
            Node reader = i % 2 == 0 ? b : a;
            write(writer, client, "n", i);
            assertThat(read(reader, client, "n")).isEqualTo(i);
            assertThat(read(writer, client, "n")).isEqualTo(i);
            assertThat(read(reader, client, "n")).isEqualTo(i);
        }
    }

    @Test
    void invalidateOnOneNodeWhenAnotherClientReadsOnTheOtherThenSessionIsGone() {
        BatonConfig config = config(TestServices.redisUri(), "1MiB");
        Node a = node(config, clock);
        Node b = node(config, clock);
        Client owner = new Client();
        write(a, owner, "user", "alice");
        Client other = owner.copy();
        warm(a, b, other, "user");

        request(a, owner, false, session -> {
            session.invalidate();
            return null;
        });
        long invalidated = System.nanoTime();

        assertThat(owner.id).isNull();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> read(b, other, "user") == null);
        long window = System.nanoTime() - invalidated;
        for (int i = 0; i < 20; i++) {
            assertThat(read(i % 2 == 0 ? a : b, other, "user")).isNull();
        }
        System.out.printf("near cache: invalidation on A stopped B serving after %.3f ms%n", window / 1e6);
    }

    @Test
    void logoutEverywhereFromThirdNodeWhenClientReadsThenNoNodeServesTheSession() {
        BatonConfig config = config(TestServices.redisUri(), "1MiB");
        Node a = node(config, clock);
        Node b = node(config, clock);
        Node admin = node(config, clock);
        Client client = new Client();
        request(a, client, true, session -> {
            session.setAttribute("cart", "3 items");
            session.setPrincipalName("alice");
            return null;
        });
        warm(a, b, client, "cart");

        assertThat(SessionAdmin.of(admin.engine()).invalidateAll("alice")).isEqualTo(1);

        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> read(a, client.copy(), "cart") == null
                && read(b, client.copy(), "cart") == null);
        assertThat(read(b, client, "cart")).isNull();
        assertThat(destroyed.get()).isEqualTo(1);
    }

    @Test
    void sessionReadOnlyFromCachesWhenActiveThenTouchesReachStoreOncePerIntervalAndWhenIdleThenExpiresOnTime() {
        BatonConfig config = config(TestServices.redisUri(), "1MiB");
        Node a = node(config, clock);
        Node b = node(config, clock);
        Client client = new Client();
        write(a, client, "color", "red");
        warm(a, b, client, "color");
        a.store().reset();
        b.store().reset();

        // 40 minutes of reads every 10 s: longer than the 30-minute timeout, so the touches must reach the store.
        for (int i = 0; i < 240; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(read(i % 2 == 0 ? a : b, client, "color")).isEqualTo("red");
        }

        int touches = a.store().calls("save") + b.store().calls("save");
        int calls = a.store().totalCalls() + b.store().totalCalls();
        // touchInterval is 30m / 30 = 1 minute: 40 touches in 40 minutes, each one load and one save where it is
        // made, then a load on each node (the token now names the version the touch made), and at most one more
        // on each when the touch's own message arrives after that load began (which then keeps its copy out).
        assertThat(touches).isBetween(39, 41);
        assertThat(calls).isLessThanOrEqualTo(6 * touches);
        System.out.printf("near cache: 240 reads over 40 min: %d touches, %d store calls%n", touches, calls);

        clock.advance(Duration.ofMinutes(30));

        assertThat(read(b, client, "color")).isNull();
        assertThat(destroyed.get()).isEqualTo(1);
    }

    @Test
    void manySessionsWhenCachedThenHeapStaysWithinNearCacheSize() {
        BatonConfig config = config(TestServices.redisUri(), "64KiB");
        Node a = node(config, clock);
        Node b = node(config, clock);
        Client probe = new Client();
        write(a, probe, "v", "x");
        warm(a, b, probe, "v");
        byte[] kilobyte = new byte[1000];

        for (int i = 0; i < 300; i++) {
            Client client = new Client();
            write(a, client, "blob", kilobyte);
            read(b, client, "blob");
            assertThat(b.engine().nearCacheBytes()).isLessThanOrEqualTo(64 * 1024);
        }

        assertThat(b.engine().nearCacheBytes()).isGreaterThan(32 * 1024);
    }

    @Test
    void feedWhenConnectionDropsThenCacheIsEmptiedAndNeverServesWhatItMissed() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = config("redis://127.0.0.1:" + redis.port, "1MiB");
            Node a = node(config, clock);
            Node b = node(config, clock);
            Client client = new Client();
            write(a, client, "color", "red");
            warm(a, b, client, "color");

            // The restarted server has lost every session, and no node heard of it: what each cached must go.
            redis.kill();
            redis.restart();
            Client probe = new Client();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                write(a, probe, "v", "x");
                return true;
            });
            warm(a, b, probe, "v");

            assertThat(read(a, client.copy(), "color")).isNull();
            assertThat(read(b, client, "color")).isNull();
        }
    }

    @Test
    void cacheWhenOffThenClientGetsNoToken() {
        BatonConfig config = config(TestServices.redisUri(), "0");
        Node a = node(config, clock);
        Client client = new Client();
        write(a, client, "color", "red");
        read(a, client, "color");

        assertThat(client.token).isNull();
        assertThat(Optional.ofNullable(client.id)).isPresent();
    }
}
