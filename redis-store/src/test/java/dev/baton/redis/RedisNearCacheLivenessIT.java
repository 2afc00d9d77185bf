/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static dev.baton.core.contract.NearCacheNodes.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.InvalidationFeed;
import dev.baton.core.SessionAdmin;
import dev.baton.core.contract.NearCacheNodes;
import dev.baton.core.contract.NearCacheNodes.Client;
import dev.baton.core.contract.NearCacheNodes.Node;
import dev.baton.core.testing.StallingProxy;
import dev.baton.core.testing.StderrLog;
import dev.baton.redis.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The near cache's feed proves its connection alive with a {@code PING} every {@link InvalidationFeed#HEARTBEAT}: a
 * feed that goes silent without its connection closing (a half-open TCP connection: here a proxy that stalls, forwarding
 * nothing and closing nothing) stops its node serving copies once {@link InvalidationFeed#LIVENESS_BOUND} has passed,
 * so an invalidation made elsewhere meanwhile is never outlived by a copy; the feed reconnects and the cache serves
 * again once the path is back. A healthy feed keeps serving across heartbeats, with RESP2 and RESP3, and a closed one
 * pings no more. Each test has a private redis-server. See docs/near-cache.md.
 */
class RedisNearCacheLivenessIT {

    private static final Pattern PING_CALLS = Pattern.compile("cmdstat_ping:calls=(\\d+),usec=(\\d+)");

    private final String keyPrefix = "baton-live-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10) + ":";
    private final NearCacheNodes nodes = new NearCacheNodes();
    private final RedisServers servers = new RedisServers();

    @AfterEach
    void close() throws Exception {
        nodes.close();
        servers.close();
    }

    private Node node(int port) {
        return nodes.node(NearCacheNodes.withCache(BatonConfig.builder().store("redis://127.0.0.1:" + port)
                .set("keyPrefix", keyPrefix).set("storeTimeout", "500ms"), "1MiB"));
    }

    private static Object read(Node node, Client client) {
        return NearCacheNodes.read(node, client, "user");
    }

    private static Client login(Node node, String principal) {
        Client client = new Client();
        request(node, client, true, session -> {
            session.setAttribute("user", principal);
            session.setPrincipalName(principal);
            return null;
        });
        return client;
    }

    /** Reads on each node until none calls its store: every feed listens and every node holds the session. */
    private static void warm(Client client, Node... nodes) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            int calls = 0;
            for (Node node : nodes) {
                node.store().reset();
                read(node, client);
                calls += node.store().totalCalls();
            }
            return calls == 0;
        });
    }

    private static long pings(RedisServers.Server redis) {
        return pingStats(redis)[0];
    }

    /** {@code PING} calls so far, and the microseconds Redis spent running them. */
    private static long[] pingStats(RedisServers.Server redis) {
        Matcher calls = PING_CALLS.matcher(redis.cli("info", "commandstats"));
        return calls.find() ? new long[] {Long.parseLong(calls.group(1)), Long.parseLong(calls.group(2))}
                : new long[] {0, 0};
    }

    @RepeatedTest(3)
    void feedWhenItsPathStallsWhileAnotherNodeInvalidatesThenNoCopyServesPastTheBoundAndCachingResumesAfter() {
        RedisServers.Server redis = servers.standalone();
        StallingProxy proxy = new StallingProxy(redis.port);
        nodes.closeLast(proxy);
        Node a = node(redis.port);
        Node b = node(proxy.port());
        Client client = login(a, "alice");
        warm(client, a, b);

        List<String> served = new ArrayList<>();
        long[] firstStoreCall = {-1};
        long[] feedGaveUp = {-1};
        // At any phase of the heartbeat: how long a copy may still serve depends on when the last ping was sent.
        pause(ThreadLocalRandom.current().nextInt((int) InvalidationFeed.HEARTBEAT.toMillis()));
        String log = StderrLog.during(() -> {
            proxy.stall();
            long stalled = System.nanoTime();
            assertThat(SessionAdmin.of(a.engine()).invalidateAll("alice")).isEqualTo(1);
            long bound = stalled + InvalidationFeed.LIVENESS_BOUND.toNanos();
            // B's every read until its feed gave up, and for a second more: a copy may serve only before the bound.
            long until = Long.MAX_VALUE;
            while (System.nanoTime() - until < 0) {
                long begun = System.nanoTime();
                b.store().reset();
                Object value;
                try {
                    value = read(b, client.copy());
                } catch (RuntimeException e) {
                    value = null; // the store is out of reach: an error, which is what the client must get
                }
                if (b.store().totalCalls() > 0 && firstStoreCall[0] < 0) {
                    firstStoreCall[0] = begun - stalled;
                }
                if (value != null && begun - bound >= 0) {
                    served.add(String.format("%s %.1f ms after the stall", value, (begun - stalled) / 1e6));
                }
                if (feedGaveUp[0] < 0 && b.engine().nearCacheBytes() == 0) {
                    feedGaveUp[0] = System.nanoTime() - stalled;
                    until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
                if (System.nanoTime() - stalled > Duration.ofSeconds(30).toNanos()) {
                    throw new AssertionError("B's feed never gave up its silent connection");
                }
                pause(5);
            }
            proxy.resume();
        });

        assertThat(served).as("copies served after the liveness bound, with the session invalidated").isEmpty();
        assertThat(firstStoreCall[0]).as("B asked its store").isPositive();
        assertThat(log).contains("Near-cache feed from").contains("proved alive by nothing for 2000 ms");
        // B's store connection reconnects by itself (RedisConnector.STALE_AFTER); until then its reads fail.
        Object[] after = {"no read yet"};
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            after[0] = read(b, client.copy());
        });
        assertThat(after[0]).as("after the stall: the invalidation holds").isNull();
        Client next = login(a, "bob");
        warm(next, a, b);
        b.store().reset();
        for (int i = 0; i < 20; i++) {
            assertThat(read(b, next)).isEqualTo("bob");
        }
        assertThat(b.store().totalCalls()).as("store calls for cached reads after the feed came back").isZero();
        System.out.printf("near cache liveness: stall to B's first store call %.1f ms, to its feed giving up %.1f ms"
                + "%n", firstStoreCall[0] / 1e6, feedGaveUp[0] / 1e6);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void feedWhenHealthyThenCacheServesAcrossManyHeartbeatsAndEachNodePingsTwiceASecond(int resp) {
        // A server without HELLO: Lettuce falls back to RESP2, as with a Redis older than 6.
        RedisServers.Server redis = servers.start(resp == 2
                ? List.of("--rename-command", "HELLO", "hello-" + keyPrefix.substring(11, 21)) : List.of());
        Node a = node(redis.port);
        Node b = node(redis.port);
        Client client = login(a, "alice");
        warm(client, a, b);
        assertThat(redis.cli("client", "list").lines().filter(line -> line.contains(" sub=1 ")))
                .hasSize(2).allMatch(line -> List.of(line.split(" ")).contains("resp=" + resp));
        a.store().reset();
        b.store().reset();
        long[] pingsBefore = pingStats(redis);
        long begun = System.nanoTime();

        // Four liveness bounds: the cache must have been kept alive by the heartbeats alone.
        long end = begun + 4 * InvalidationFeed.LIVENESS_BOUND.toNanos();
        int reads = 0;
        while (System.nanoTime() - end < 0) {
            assertThat(read(reads % 2 == 0 ? a : b, client)).isEqualTo("alice");
            reads++;
            pause(20);
        }

        assertThat(a.store().totalCalls() + b.store().totalCalls()).as("store calls in %d reads", reads).isZero();
        long[] pingsAfter = pingStats(redis);
        long pinged = pingsAfter[0] - pingsBefore[0];
        double seconds = (System.nanoTime() - begun) / 1e9;
        assertThat(pinged).isPositive();
        System.out.printf("near cache liveness, RESP%d: %d reads over %.1f s, 0 store calls, %.2f PING/s per node, "
                + "%.1f us of Redis time per PING%n", resp, reads, seconds, pinged / seconds / 2,
                (pingsAfter[1] - pingsBefore[1]) / (double) pinged);
    }

    @Test
    void feedWhenClosedThenItPingsNoMoreAndUnsubscribes() {
        RedisServers.Server redis = servers.standalone();
        Node a = node(redis.port);
        long first = pings(redis);
        await().atMost(Duration.ofSeconds(10)).until(() -> pings(redis) > first + 2);

        a.engine().close();
        pause(InvalidationFeed.HEARTBEAT.toMillis());
        long closed = pings(redis);
        pause(4 * InvalidationFeed.HEARTBEAT.toMillis());

        assertThat(pings(redis)).as("pings after close").isEqualTo(closed);
        assertThat(redis.cli("client", "list")).doesNotContain(" sub=1 ");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
