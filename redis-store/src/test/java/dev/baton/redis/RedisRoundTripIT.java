/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.redis.testing.RedisServers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commands Redis executed per operation, from INFO commandstats on a private server no other test uses. */
class RedisRoundTripIT {

    private static RedisServers servers;
    private static RedisServers.Server redis;
    private SessionEngine engine;
    private SessionStore store;

    @BeforeAll
    static void startRedis() {
        servers = new RedisServers();
        redis = servers.standalone();
    }

    @AfterAll
    static void stopRedis() {
        servers.close();
    }

    @BeforeEach
    void openStore() {
        // The near cache's feed pings on a timer: off here, where every command is counted (on in its own test).
        BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                .set("nearCacheSize", "0").build();
        store = SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
        engine = SessionEngine.builder(config).store(store).build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Client commands by name since the last reset; commands run inside scripts are not client commands. */
    private static Map<String, Long> commandsSinceReset() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : redis.cli("info", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                long count = Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
                if (List.of("hgetall", "evalsha", "eval", "zcount", "ping", "wait", "script").contains(name)) {
                    calls.put(name, count);
                }
            }
        }
        redis.cli("config", "resetstat");
        return calls;
    }

    private String createSession() {
        SessionRequest request = engine.newRequest(null);
        BatonSession session = request.getSession(true);
        session.setAttribute("user", "alice");
        session.setAttribute("cart", new ArrayList<>(List.of("tea")));
        request.save();
        return request.idToSend().orElseThrow();
    }

    @Test
    void createWhenNewSessionSavedThenOneEvalsha() {
        createSession();
        commandsSinceReset();

        createSession();

        assertThat(commandsSinceReset()).containsExactlyEntriesOf(Map.of("evalsha", 1L));
    }

    @Test
    void readOnlyRequestWhenTouchNotDueThenOneHgetall() {
        String id = createSession();
        commandsSinceReset();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).getAttribute("user");
        request.getSession(false).getAttribute("cart");
        request.save();

        assertThat(commandsSinceReset()).containsExactlyEntriesOf(Map.of("hgetall", 1L));
    }

    @Test
    void writeRequestWhenDeltaSavedThenLoadPlusOneEvalsha() {
        String id = createSession();
        commandsSinceReset();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).setAttribute("user", "bob");
        request.save();

        assertThat(commandsSinceReset()).containsExactlyInAnyOrderEntriesOf(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void writeRequestWhenLockModeSessionThenSameCommandsAsWithoutTheLock() {
        String id = createSession();
        BatonConfig locked = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                .set("lockMode", "session").set("nearCacheSize", "0").build();
        try (SessionEngine lockingEngine = SessionEngine.builder(locked).store(store).build()) {
            commandsSinceReset();

            SessionRequest request = lockingEngine.newRequest(id);
            request.getSession(false).setAttribute("user", "bob");
            request.save();

            // Two client commands; commandstats also counts the HGETALL that lock.lua runs inside Redis.
            assertThat(commandsSinceReset()).as("lock with the load, release with the save")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 2L, "hgetall", 1L));
            assertThat(store.load(id).orElseThrow().attributes()).containsKey("user");
        }
    }

    @Test
    void saveWhenRedisLostItsScriptsThenOneEvalMoreAndTheScriptIsCachedAgain() {
        String id = createSession();
        redis.cli("script", "flush");
        commandsSinceReset();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).setAttribute("user", "bob");
        request.save();

        assertThat(commandsSinceReset()).as("EVALSHA answered NOSCRIPT, then EVAL")
                .containsExactlyInAnyOrderEntriesOf(Map.of("hgetall", 1L, "evalsha", 1L, "eval", 1L));
        assertThat(store.load(id).orElseThrow().version()).as("the delta was applied once").isEqualTo(2L);
        commandsSinceReset();
        createSession();
        assertThat(commandsSinceReset()).as("the next save").containsExactlyEntriesOf(Map.of("evalsha", 1L));
    }

    @Test
    void saveWhenReplicaAcksCantBeMetThenWaitAnswersWithinStoreTimeout() {
        BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                .set("replicaAcks", "1").set("storeTimeout", "500ms").set("nearCacheSize", "0").build();
        try (SessionStore acked = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());
                SessionEngine engine = SessionEngine.builder(config).store(acked).build()) {
            SessionRequest request = engine.newRequest(null);
            request.getSession(true).setAttribute("user", "alice");
            commandsSinceReset();

            assertThatThrownBy(request::save).isInstanceOf(SessionStoreUnavailableException.class)
                    .as("the server's answer, not the client's timeout")
                    .hasMessageContaining("only 0 of replicaAcks=1 replicas acknowledged");
            assertThat(commandsSinceReset()).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "wait", 1L));
        }
    }

    @Test
    void requestWhenSessionNeverTouchedThenNoCommand() {
        String id = createSession();
        commandsSinceReset();

        engine.newRequest(id).save();

        assertThat(commandsSinceReset()).isEmpty();
    }

    /**
     * Every command Redis ran since the last reset, as MONITOR would show them, but the test's own INFO and CONFIG
     * and the near-cache feed's heartbeat PING.
     */
    private static long allCommandsSinceReset() {
        long total = 0;
        for (String line : redis.cli("info", "commandstats").split("\r?\n")) {
            // PING: the near-cache feed's heartbeat (InvalidationFeed.HEARTBEAT), on its own connection, whatever
            // the requests do; no request sends one.
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")
                    && !line.startsWith("cmdstat_config") && !line.startsWith("cmdstat_ping:")) {
                total += Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
            }
        }
        redis.cli("config", "resetstat");
        return total;
    }

    @Test
    void readOnlyRequestWhenNearCacheHoldsTheClientsVersionThenNoCommandAtAll() {
        BatonConfig cached = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                .set("nearCacheSize", "1MiB").build();
        try (SessionEngine cachingEngine = SessionEngine.builder(cached).store(store).build()) {
            String id = createSession();
            String[] token = new String[1];
            Runnable read = () -> {
                SessionRequest request = cachingEngine.newRequest(id);
                request.presentVersion(token[0]);
                assertThat(request.getSession(false).getAttribute("user")).isEqualTo("alice");
                request.save();
                request.versionToSend().ifPresent(sent -> token[0] = sent.isEmpty() ? null : sent);
            };
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                allCommandsSinceReset();
                read.run();
                return allCommandsSinceReset() == 0;
            });

            for (int i = 0; i < 100; i++) {
                read.run();
            }

            assertThat(allCommandsSinceReset()).as("commands for 100 cached reads").isZero();
        }
    }
}
