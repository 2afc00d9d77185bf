/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.testing;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.SessionChange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A Redis store behind a {@link SlowProxy}, in front of a private server of its own: for tests that slow the commands
 * down or drop the connection with a command in flight. Closing it closes the store, the proxy and the server.
 */
public final class ProxiedRedisStore implements AutoCloseable {

    private final RedisServers servers = new RedisServers();
    private final RedisServers.Server redis;
    private final SlowProxy proxy;
    private final SessionStore store;
    private final Clock clock;

    /**
     * Starts a server and a proxy, and opens a store through the proxy.
     *
     * @param storeTimeout the store's {@code storeTimeout}, e.g. {@code "1s"}
     * @param clock the store's clock
     */
    public ProxiedRedisStore(String storeTimeout, Clock clock) {
        this.clock = clock;
        redis = servers.standalone();
        proxy = new SlowProxy(redis.port);
        BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + proxy.port())
                .set("storeTimeout", storeTimeout).build();
        store = SessionStores.open(new StoreContext(config, clock), getClass().getClassLoader());
    }

    /** @return the store, connected through the proxy */
    public SessionStore store() {
        return store;
    }

    /** @return the proxy between the store and the server */
    public SlowProxy proxy() {
        return proxy;
    }

    /** @return the private server */
    public RedisServers.Server redis() {
        return redis;
    }

    /**
     * The creation of a one-minute session holding {@code user=alice}, at the store's clock's time.
     *
     * @param id the session ID
     * @return the change to save
     */
    public SessionChange create(String id) {
        Instant now = clock.instant();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(1),
                now.plus(Duration.ofMinutes(1)), null, Map.of("user", "alice".getBytes(StandardCharsets.UTF_8)),
                Set.of());
    }

    @Override
    public void close() {
        store.close();
        proxy.close();
        servers.close();
    }
}
