/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.StderrLog;
import dev.baton.redis.internal.RedisConnector;
import dev.baton.redis.testing.ProxiedRedisStore;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection whose peer went silent without closing it (a half-open TCP connection, as after a silent failover)
 * is found dead after {@link RedisConnector#STALE_AFTER} calls that time out in a row, and the store reconnects:
 * requests fail for seconds, not for the ~15 minutes the operating system would take (issue 18, item 13).
 */
class RedisHalfOpenIT {

    private final SessionIds ids = SessionIds.create();
    private final MutableClock clock = MutableClock.startingNow();
    private final ProxiedRedisStore proxied = new ProxiedRedisStore("500ms", clock);

    @AfterEach
    void close() {
        proxied.close();
    }

    @Test
    void loadWhenConnectionGoesSilentThenStoreReconnectsWithinAFewStoreTimeouts() {
        String id = ids.next();
        assertThat(proxied.store().save(proxied.create(id))).isEqualTo(SaveResult.SAVED);

        proxied.proxy().silenceConnections();
        AtomicInteger timedOut = new AtomicInteger();
        String log = StderrLog.during(() -> await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    try {
                        assertThat(proxied.store().load(id)).isPresent();
                    } catch (SessionStoreUnavailableException e) {
                        if (e.getCause() instanceof TimeoutException) {
                            timedOut.incrementAndGet();
                        }
                        throw new AssertionError("not yet", e);
                    }
                }));

        assertThat(timedOut.get()).as("calls that waited out storeTimeout before the reconnect")
                .isEqualTo(RedisConnector.STALE_AFTER);
        assertThat(log).contains("Redis gave no reply to 2 calls in a row: closing the connection to reconnect");
    }

    @Test
    void loadWhenOneCallTimesOutThenTheConnectionIsKept() {
        String id = ids.next();
        proxied.store().save(proxied.create(id));
        proxied.proxy().delay(Duration.ofMillis(700));

        assertThatThrownBy(() -> proxied.store().load(id)).isInstanceOf(SessionStoreUnavailableException.class);
        proxied.proxy().delay(Duration.ZERO);

        String log = StderrLog.during(() -> assertThat(proxied.store().load(id)).isPresent());
        assertThat(log).doesNotContain("closing the connection");
    }
}
