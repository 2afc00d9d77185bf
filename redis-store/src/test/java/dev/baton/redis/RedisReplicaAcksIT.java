/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.redis.testing.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code replicaAcks}: a save is acknowledged only when {@code WAIT} confirms it on the connection that sent it. On a
 * private primary with one replica; the connection is dropped on purpose while a save waits.
 */
class RedisReplicaAcksIT {

    private static RedisServers servers;
    private static RedisServers.Server primary;
    private final SessionIds ids = SessionIds.create();

    @BeforeAll
    static void start() {
        servers = new RedisServers();
        primary = servers.standalone();
        servers.start(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port)));
        await().atMost(Duration.ofSeconds(20)).until(() -> primary.cli("info", "replication")
                .contains("state=online"));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private SessionStore open() {
        BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + primary.port)
                .set("storeTimeout", "5s").set("replicaAcks", "1").build();
        return SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
    }

    private static SessionChange create(String id) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("cart", "tea".getBytes(StandardCharsets.UTF_8)),
                Set.of());
    }

    @Test
    void saveWhenTheReplicaConfirmsThenSaved() {
        try (SessionStore store = open()) {
            assertThat(store.save(create(ids.next()))).isEqualTo(SaveResult.SAVED);
        }
    }

    @Test
    void saveWhenTheConnectionDropsDuringTheSaveThenUnavailableAndNeitherItNorItsWaitIsSentAgain() {
        try (SessionStore store = open()) {
            store.ping();
            String id = ids.next();
            // Hold the write, then drop the store's connection. Sent again after the reconnect (possibly to another
            // primary, after a failover), the write and its WAIT would be confirmed by replicas that say nothing of
            // the first attempt; neither is sent again, and the save fails.
            assertThat(primary.cli("client", "pause", "1500", "write")).contains("OK");
            CompletableFuture<SaveResult> save = CompletableFuture.supplyAsync(() -> store.save(create(id)));
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> primary.cli("info", "clients").contains("blocked_clients:1")
                            || primary.cli("client", "list").contains("cmd=evalsha"));
            primary.cli("client", "kill", "type", "normal", "skipme", "yes");

            assertThatThrownBy(save::join).hasCauseInstanceOf(SessionStoreUnavailableException.class)
                    .hasMessageContaining("dropped with the command in flight; it is not sent again");
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> store.save(create(ids.next())) == SaveResult.SAVED);
            assertThat(store.load(id)).isEmpty();
        }
    }
}
