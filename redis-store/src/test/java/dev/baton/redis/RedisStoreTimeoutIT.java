/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.testing.MutableClock;
import dev.baton.redis.testing.ProxiedRedisStore;
import dev.baton.redis.testing.SlowProxy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code storeTimeout} bounds each store call, not each command: behind a proxy that slows every command to a little
 * more than half of {@code storeTimeout}, a call of one command succeeds and a call of two fails in time.
 */
class RedisStoreTimeoutIT {

    private static final Duration SLOW = Duration.ofMillis(600);

    private final SessionIds ids = SessionIds.create();
    private final MutableClock clock = MutableClock.startingNow();
    private ProxiedRedisStore proxied;
    private SlowProxy proxy;
    private SessionStore store;

    @BeforeEach
    void open() {
        proxied = new ProxiedRedisStore("1s", clock);
        proxy = proxied.proxy();
        store = proxied.store();
    }

    @AfterEach
    void close() {
        proxied.close();
    }

    @Test
    void saveWhenScriptCacheIsEmptyOnASlowLinkThenTheEvalFallbackCountsAgainstTheSameStoreTimeout() {
        proxy.delay(SLOW);
        assertThat(store.save(proxied.create(ids.next()))).as("one command in time").isEqualTo(SaveResult.SAVED);
        proxied.redis().cli("script", "flush");

        assertThatThrownBy(() -> store.save(proxied.create(ids.next())))
                .as("EVALSHA, NOSCRIPT, then EVAL: two slow commands in one call")
                .isInstanceOf(SessionStoreUnavailableException.class).hasMessageContaining("storeTimeout=1000ms");
    }

    @Test
    void reapExpiredWhenEachCommandIsSlowThenStoreTimeoutBoundsTheWholeWalk() {
        store.save(proxied.create(ids.next()));
        proxy.delay(SLOW);
        Instant later = clock.instant().plus(Duration.ofMinutes(2));

        assertThatThrownBy(() -> store.reapExpired(later, 10)).as("ZCOUNT, then EVALSHA: two slow commands")
                .isInstanceOf(SessionStoreUnavailableException.class).hasMessageContaining("storeTimeout=1000ms");
    }
}
