/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static dev.baton.core.contract.NearCacheNodes.read;
import static dev.baton.core.contract.NearCacheNodes.warm;
import static dev.baton.core.contract.NearCacheNodes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.contract.NearCacheContract;
import dev.baton.core.contract.NearCacheNodes;
import dev.baton.core.contract.NearCacheNodes.Client;
import dev.baton.core.contract.NearCacheNodes.Node;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.testing.RedisServers;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The near-cache contract on real Redis (a key prefix per test), and what only Redis does: restart empty, and the
 * feed's connection on the store connection's event loop thread.
 */
class RedisNearCacheIT extends NearCacheContract {

    @Override
    protected BatonConfig.Builder storeConfig() {
        return storeConfig(TestServices.redisUri());
    }

    /** The Redis at {@code uri} with a key prefix of its own. */
    static BatonConfig.Builder storeConfig(String uri) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        return BatonConfig.builder().store(uri).set("keyPrefix", "baton-near-" + unique + ":");
    }

    @Test
    void feedWhenConnectionDropsThenCacheIsEmptiedAndNeverServesWhatItMissed() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = NearCacheNodes.withCache(storeConfig("redis://127.0.0.1:" + redis.port), "1MiB");
            Node a = nodes.node(config);
            Node b = nodes.node(config);
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

    /**
     * A standalone Redis store runs its shared connection and its feed's connection on one Netty event loop thread, so
     * that a save's message is read in the wake-up that reads the save's reply, not by a thread woken for it alone.
     */
    @Test
    void feedWhenStandaloneThenItSharesTheStoreConnectionsEventLoopThread() {
        Set<String> before = eventLoopThreads();
        Node node = nodes.node(NearCacheNodes.withCache(storeConfig(), "1MiB"));
        Client client = new Client();
        write(node, client, "color", "red");
        // Served from the copy: the feed is subscribed, and the shared connection has served the write and a load.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            node.store().reset();
            read(node, client, "color");
            return node.store().totalCalls() == 0;
        });
        write(node, client, "color", "blue");

        Set<String> started = eventLoopThreads();
        started.removeAll(before);
        assertThat(started).as("event loop threads the store started").hasSize(1);
    }

    /** The live threads of Lettuce's Netty event loops ({@code lettuce-nioEventLoop-<group>-<n>}, or epoll's). */
    private static Set<String> eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("lettuce-") && name.contains("EventLoop-"))
                .collect(Collectors.toSet());
    }
}
