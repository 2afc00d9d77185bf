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
import dev.baton.core.StoredSession;
import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.testing.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change of ID on a Cluster the test starts, with the old and the new key on different primaries, under faults:
 * {@code CLIENT PAUSE WRITE} holds the scripts sent to one primary, as a slow or unreachable node would, while the
 * cluster itself stays healthy.
 */
class RedisClusterChangeIdIT {

    private static RedisServers servers;
    private static List<RedisServers.Server> primaries;

    private final SessionIds ids = SessionIds.create();
    private final Clock clock = Clock.systemUTC();
    private String prefix;
    private RedisKeys keys;
    private SessionStore store;

    @BeforeAll
    static void startCluster() {
        servers = new RedisServers();
        primaries = servers.cluster(3);
    }

    @AfterAll
    static void stopCluster() {
        servers.close();
    }

    @BeforeEach
    void prefix() {
        prefix = "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
        keys = new RedisKeys(prefix, 256);
    }

    @AfterEach
    void closeStore() {
        primaries.forEach(primary -> primary.cli("client", "unpause"));
        store.close();
    }

    private void openStore(String storeTimeout) {
        String uri = "redis-cluster://" + primaries.stream().map(p -> "127.0.0.1:" + p.port)
                .collect(Collectors.joining(","));
        BatonConfig config = BatonConfig.builder().store(uri).set("keyPrefix", prefix)
                .set("storeTimeout", storeTimeout).build();
        store = SessionStores.open(new StoreContext(config, clock), getClass().getClassLoader());
    }

    private String key(String id) {
        return new String(keys.session(id), StandardCharsets.UTF_8);
    }

    private RedisServers.Server owner(String id) {
        return RedisServers.ownerOf(primaries, key(id));
    }

    /** A new ID whose key lives on another primary than the old one's. */
    private String newIdElsewhere(String oldId) {
        RedisServers.Server old = owner(oldId);
        for (int i = 0; i < 100; i++) {
            String id = ids.next();
            if (owner(id) != old) {
                return id;
            }
        }
        throw new IllegalStateException("no ID on another primary in 100 tries");
    }

    private SessionChange change(SessionChange.Kind kind, String id, Map<String, String> set) {
        Instant now = clock.instant();
        return new SessionChange(kind, id, now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)),
                null, set.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().getBytes(StandardCharsets.UTF_8))), Set.of());
    }

    private static Map<String, String> text(StoredSession session) {
        return session.attributes().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(e.getValue(), StandardCharsets.UTF_8)));
    }

    private static void pauseWrites(RedisServers.Server primary, Duration duration) {
        assertThat(primary.cli("client", "pause", Long.toString(duration.toMillis()), "write")).contains("OK");
    }

    private static void awaitHeldScript(RedisServers.Server primary) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> primary.cli("info", "clients").contains("blocked_clients:1"));
    }

    @Test
    void changeIdWhenWritingTheNewKeyFailsThenTheOldIdStillLoadsWithItsAttributes() {
        openStore("1s");
        String oldId = ids.next();
        String newId = newIdElsewhere(oldId);
        store.save(change(SessionChange.Kind.CREATE, oldId, Map.of("user", "alice", "cart", "tea")));
        pauseWrites(owner(newId), Duration.ofSeconds(3));

        assertThatThrownBy(() -> store.changeId(oldId, newId))
                .isInstanceOf(SessionStoreUnavailableException.class).hasMessageContaining("storeTimeout=1000ms");

        assertThat(store.load(oldId)).map(RedisClusterChangeIdIT::text)
                .hasValue(Map.of("user", "alice", "cart", "tea"));
        assertThat(store.save(change(SessionChange.Kind.UPDATE, oldId, Map.of("user", "bob"))))
                .isEqualTo(SaveResult.SAVED);
        // The held copy runs when the pause ends: an orphan whose ID nobody knows, gone with the session's TTL.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> owner(newId).cli("exists", key(newId)).trim().equals("1"));
        assertThat(Long.parseLong(owner(newId).cli("pttl", key(newId)).trim())).isPositive();
        assertThat(store.load(oldId)).map(RedisClusterChangeIdIT::text)
                .hasValue(Map.of("user", "bob", "cart", "tea"));
    }

    @Test
    void changeIdWhenTheSessionChangesDuringTheCopyThenTheNewIdHasTheChange() {
        openStore("3s");
        String oldId = ids.next();
        String newId = newIdElsewhere(oldId);
        store.save(change(SessionChange.Kind.CREATE, oldId, Map.of("user", "alice")));
        pauseWrites(owner(newId), Duration.ofSeconds(1));

        CompletableFuture<Boolean> moved = CompletableFuture.supplyAsync(() -> store.changeId(oldId, newId));
        awaitHeldScript(owner(newId));
        assertThat(store.save(change(SessionChange.Kind.UPDATE, oldId, Map.of("cart", "tea"))))
                .as("a delta saved between the read and the retirement of the old key").isEqualTo(SaveResult.SAVED);

        assertThat(moved.join()).isTrue();
        assertThat(store.load(newId)).map(RedisClusterChangeIdIT::text)
                .hasValue(Map.of("user", "alice", "cart", "tea"));
        assertThat(store.load(oldId)).isEmpty();
        assertThat(store.save(change(SessionChange.Kind.UPDATE, oldId, Map.of("late", "x"))))
                .isEqualTo(SaveResult.GONE);
        // The copy's TTL is its own, not the one the old key's m:ttlAt recorded: later saves rely on it.
        assertThat(owner(newId).cli("hget", key(newId), "m:ttlAt").trim())
                .isEqualTo(owner(newId).cli("pexpiretime", key(newId)).trim());
    }

    @Test
    void changeIdWhenBothPrimariesAreSlowThenStoreTimeoutBoundsTheWholeCall() {
        openStore("1s");
        String oldId = ids.next();
        String newId = newIdElsewhere(oldId);
        store.save(change(SessionChange.Kind.CREATE, oldId, Map.of("user", "alice")));
        // Each of the two scripts would finish within storeTimeout on its own; together they can't.
        pauseWrites(owner(newId), Duration.ofMillis(700));
        pauseWrites(owner(oldId), Duration.ofMillis(1600));

        assertThatThrownBy(() -> store.changeId(oldId, newId))
                .isInstanceOf(SessionStoreUnavailableException.class)
                .satisfies(e -> assertThat(((SessionStoreUnavailableException) e).elapsedMillis())
                        .isLessThan(1600));
    }
}
