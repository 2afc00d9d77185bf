/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A feed that says it is connected but has not proven its connection alive for {@link InvalidationFeed#LIVENESS_BOUND}
 * serves no copy, whether or not it has said {@link InvalidationFeed.Listener#disconnected()} yet: its timer may run
 * late (a long GC pause, a starved scheduler) while its connection is silent. The time base is a ticker the test moves.
 */
class NearCacheLivenessTest {

    private static final long BOUND = InvalidationFeed.LIVENESS_BOUND.toNanos();

    /** A feed that does nothing by itself: the test reports its events. */
    private static final class SilentFeed implements InvalidationFeed {
        @Override
        public void start(Listener listener) {
            // The test calls the cache's listener methods itself.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }

    private final MutableClock clock = MutableClock.startingNow();
    // Near the end of the long range: the comparisons must be right across nanoTime's numerical overflow too.
    private final AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - BOUND / 2);
    private final CountingSessionStore store = new CountingSessionStore(new InMemorySessionStore(clock));
    private final AtomicInteger hits = new AtomicInteger();
    private final NearCache cache = new NearCache(1 << 20, Duration.ofMinutes(1), clock, new SilentFeed(),
            ticker::get, new SessionMetrics.Recorder() {
                @Override
                public void nearCacheHit() {
                    hits.incrementAndGet();
                }
            });
    private final SessionIds ids = SessionIds.create();

    private String stored() {
        String id = ids.next();
        Instant now = clock.instant();
        store.save(new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("user", "alice".getBytes(StandardCharsets.UTF_8)),
                Set.of()));
        return id;
    }

    /**
     * Loads the session as a client holding its current version would, and returns the store calls it cost; a load
     * without one is reported to the metrics as a near-cache hit.
     */
    private int loadCalls(String id, long version) {
        store.reset();
        int hitsBefore = hits.get();
        assertThat(cache.load(id, version, store)).isPresent();
        assertThat(hits.get() - hitsBefore).isEqualTo(store.totalCalls() == 0 ? 1 : 0);
        return store.totalCalls();
    }

    @Test
    void loadWhenFeedHasNotProvenItselfAliveForTheBoundThenStoreIsAskedUntilItDoes() {
        cache.connected();
        String id = stored();
        long version = cache.load(id, 0, store).orElseThrow().version();
        assertThat(loadCalls(id, version)).as("served from the copy").isZero();

        ticker.addAndGet(BOUND - 1);
        assertThat(loadCalls(id, version)).as("just within the bound").isZero();
        ticker.addAndGet(1);
        assertThat(loadCalls(id, version)).as("at the bound, no disconnected() yet").isEqualTo(1);
        assertThat(loadCalls(id, version)).isEqualTo(1);

        cache.alive(ticker.get());
        assertThat(loadCalls(id, version)).as("proven alive again").isZero();
    }

    @Test
    void aliveWhenProofIsOlderThanTheLastThenItExtendsNothing() {
        cache.connected();
        String id = stored();
        long version = cache.load(id, 0, store).orElseThrow().version();
        long connectedAt = ticker.get();
        ticker.addAndGet(BOUND / 2);
        cache.alive(ticker.get());
        ticker.addAndGet(BOUND);

        cache.alive(connectedAt + 1);

        assertThat(loadCalls(id, version)).as("the newest proof is one bound old").isEqualTo(1);
    }

    @Test
    void aliveWhenFeedNeverConnectedThenNothingServes() {
        String id = stored();
        long version = cache.load(id, 0, store).orElseThrow().version();

        cache.alive(ticker.get());

        assertThat(loadCalls(id, version)).isEqualTo(1);
    }
}
