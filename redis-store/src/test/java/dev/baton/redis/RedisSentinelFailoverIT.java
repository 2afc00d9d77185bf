/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.redis.testing.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Primary, replica and three sentinels, started by the test. The primary is killed with SIGKILL while another thread
 * is writing sessions; Sentinel promotes the replica, and the store carries on through the new primary without a
 * restart. The killed server comes back as a replica of the new primary: it has no persistence, so restarted as a
 * primary it would be empty, and a sentinel that had not yet seen the failover could make the new primary resync from
 * it and lose everything (Redis's replication docs warn about this). With {@code replicaAcks=1}, equal to the number
 * of replicas, no save it acknowledged is missing afterwards. (With fewer acknowledgements than replicas, Sentinel may
 * promote a replica that missed an acknowledged write: {@code replicaAcks} protects only when it covers every
 * replica.)
 */
class RedisSentinelFailoverIT {

    private static SessionChange create(String id) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("n", id.getBytes()), Set.of());
    }

    @Test
    void saveWhenPrimaryKilledThenStoreFollowsFailoverAndKeepsAcknowledgedSaves() throws InterruptedException {
        try (RedisServers servers = new RedisServers()) {
            List<String> fastSync = List.of("--repl-diskless-sync-delay", "0");
            RedisServers.Server primary = servers.start(fastSync);
            List<String> replicaArgs = new ArrayList<>(fastSync);
            replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port)));
            servers.start(replicaArgs);
            List<RedisServers.Server> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sentinels.add(servers.sentinel("mymaster", primary.port));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> primary.cli("info", "replication")
                    .contains("state=online"));
            StringBuilder hosts = new StringBuilder();
            for (RedisServers.Server sentinel : sentinels) {
                hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(sentinel.port);
            }
            BatonConfig config = BatonConfig.builder()
                    .store("redis-sentinel://" + hosts + "/0?sentinelMasterId=mymaster")
                    .set("storeTimeout", "1s").set("replicaAcks", "1").build();
            SessionIds ids = SessionIds.create();
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader())) {
                Thread writer = new Thread(() -> {
                    while (!stop.get()) {
                        String id = ids.next();
                        try {
                            if (store.save(create(id)) == SaveResult.SAVED) {
                                acknowledged.add(id);
                            }
                        } catch (SessionStoreException e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "sentinel-writer");
                writer.start();
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 50);

                    primary.kill();
                    int beforeKill = acknowledged.size();
                    String oldPrimary = Integer.toString(primary.port);
                    await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.stream().noneMatch(sentinel ->
                            sentinel.cli("sentinel", "get-master-addr-by-name", "mymaster").contains(oldPrimary)));
                    List<String> newPrimary = sentinels.get(0).cli("sentinel", "get-master-addr-by-name", "mymaster")
                            .lines().map(String::trim).toList();
                    // Back as a replica of the new primary, never as an empty primary (see RedisServers.restartWith).
                    primary.restartWith(List.of("--replicaof", newPrimary.get(0), newPrimary.get(1)));

                    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= beforeKill + 50);
                } finally {
                    stop.set(true);
                    writer.join(10_000);
                }
                assertThat(writer.isAlive()).as("writer stopped").isFalse();
                assertThat(failed.get()).as("saves that failed during the failover").isPositive();
                List<String> missing = new ArrayList<>();
                for (String id : List.copyOf(acknowledged)) {
                    if (store.load(id).isEmpty()) {
                        missing.add(id);
                    }
                }
                assertThat(missing).as("acknowledged sessions missing after the failover (of %d)",
                        acknowledged.size()).isEmpty();
            }
        }
    }
}
