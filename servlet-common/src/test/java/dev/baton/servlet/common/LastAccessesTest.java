/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LastAccessesTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final SessionEngine engine = SessionEngine.builder(BatonConfig.builder().store("memory:").build())
            .store(new InMemorySessionStore(clock)).clock(clock).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void lastAccessedWhenThisNodeServedLaterThanStoredThenThisNodesTime() {
        BatonSession session = newSession();
        Instant stored = session.getLastAccessedTime();
        LastAccesses accesses = new LastAccesses();

        accesses.record(session.getId(), stored.plusSeconds(5));
        accesses.record(session.getId(), stored.plusSeconds(2));

        assertThat(accesses.lastAccessed(session)).isEqualTo(stored.plusSeconds(5).toEpochMilli());
    }

    @Test
    void lastAccessedWhenNeverServedHereOrOlderThanStoredThenStoredTime() {
        BatonSession session = newSession();
        Instant stored = session.getLastAccessedTime();
        LastAccesses accesses = new LastAccesses();
        assertThat(accesses.lastAccessed(session)).isEqualTo(stored.toEpochMilli());

        accesses.record(session.getId(), stored.minusSeconds(5));

        assertThat(accesses.lastAccessed(session)).isEqualTo(stored.toEpochMilli());
    }

    @Test
    void recordWhenBeyondCapacityThenSessionsServedLongestAgoForgottenFirst() {
        List<BatonSession> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sessions.add(newSession());
        }
        Instant start = sessions.get(0).getLastAccessedTime();
        LastAccesses accesses = new LastAccesses(8);
        for (int i = 0; i < 20; i++) {
            accesses.record(sessions.get(i).getId(), start.plusSeconds(100 + i));
        }

        int remembered = 0;
        for (int i = 0; i < 20; i++) {
            boolean known = accesses.lastAccessed(sessions.get(i)) == start.plusSeconds(100 + i).toEpochMilli();
            remembered += known ? 1 : 0;
            if (i >= 12) {
                assertThat(known).as("session served %d-th of 20", i + 1).isTrue();
            }
        }
        assertThat(remembered).isBetween(8, 9);
    }

    @Test
    void recordWhenManyThreadsThenBoundHoldsAndLatestKept() throws InterruptedException {
        BatonSession session = newSession();
        Instant start = session.getLastAccessedTime();
        LastAccesses accesses = new LastAccesses(100);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.execute(() -> {
                for (int i = 0; i < 5_000; i++) {
                    accesses.record("other-" + thread + "-" + i, start.plusMillis(i));
                    accesses.record(session.getId(), start.plusMillis(10_000L * thread + i));
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(accesses.lastAccessed(session)).isEqualTo(start.plusMillis(10_000L * 3 + 4_999).toEpochMilli());
    }

    private BatonSession newSession() {
        SessionRequest request = engine.newRequest(null);
        BatonSession session = request.getSession(true);
        request.save();
        clock.advance(Duration.ofMillis(1));
        return session;
    }
}
