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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A private Redis killed and restarted under a live store: calls fail fast, then work again without a restart. */
class RedisRestartIT {

    private static SessionChange create(String id) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("a", new byte[] {1}), Set.of());
    }

    @Test
    void callsWhenRedisIsDownThenFailWithinTimeoutAndRecoverWhenItIsBack() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                    .set("storeTimeout", "500ms").build();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader())) {
                SessionIds ids = SessionIds.create();
                assertThat(store.save(create(ids.next()))).isEqualTo(SaveResult.SAVED);

                redis.kill();

                for (int i = 0; i < 5; i++) {
                    String id = ids.next();
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> store.save(create(id)))
                            .isInstanceOf(SessionStoreUnavailableException.class)
                            .hasMessageContaining("redis://127.0.0.1:" + redis.port)
                            .hasMessageNotContaining(id);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
                    assertThatThrownBy(() -> store.load(id)).isInstanceOf(SessionStoreUnavailableException.class);
                }

                redis.restart();

                String after = ids.next();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                        .until(() -> store.save(create(after)) == SaveResult.SAVED);
                assertThat(store.load(after)).isPresent();
            }
        }
    }

    @Test
    void callsWhenRedisHangsThenFailWithinTimeoutAndRecoverWhenItAnswersAgain() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                    .set("storeTimeout", "500ms").build();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader())) {
                SessionIds ids = SessionIds.create();
                String before = ids.next();
                assertThat(store.save(create(before))).isEqualTo(SaveResult.SAVED);

                redis.freeze();
                try {
                    for (int i = 0; i < 3; i++) {
                        String id = ids.next();
                        long start = System.nanoTime();
                        assertThatThrownBy(() -> store.load(id))
                                .isInstanceOf(SessionStoreUnavailableException.class)
                                .hasMessageContaining("storeTimeout=500ms").hasMessageNotContaining(id);
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
                    }
                } finally {
                    redis.thaw();
                }

                await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                        .until(() -> store.load(before).isPresent());
            }
        }
    }
}
