/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** With only {@code store} set, a Redis node has its near cache on: cached reads of an unchanged session cost nothing. */
class RedisNearCacheDefaultIT {

    @Test
    void readWhenOnlyStoreSetThenServedFromTheNearCacheWithoutAStoreCall() {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri())
                .set("keyPrefix", "baton-near-default-" + unique + ":").build();
        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());
                SessionEngine engine = SessionEngine.builder(config).store(new CountingSessionStore(store)).build()) {
            CountingSessionStore counting = (CountingSessionStore) engine.store();
            SessionRequest create = engine.newRequest(null);
            create.getSession(true).setAttribute("cart", "3 items");
            create.save();
            String id = create.idToSend().orElseThrow();
            create.release();
            String token = tokenAfterRead(engine, id);
            assertThat(token).as("a token is handed out with only store set").isNotNull();
            // The feed connects in the background; until it has, copies are not kept.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                tokenAfterRead(engine, id);
                counting.reset();
                read(engine, id, token);
                return counting.totalCalls() == 0;
            });
            counting.reset();

            for (int i = 0; i < 20; i++) {
                read(engine, id, token);
            }

            assertThat(counting.totalCalls()).isZero();
            assertThat(engine.nearCacheBytes()).isPositive();
        }
    }

    private static void read(SessionEngine engine, String id, String token) {
        SessionRequest read = engine.newRequest(id);
        try {
            read.presentVersion(token);
            assertThat(read.getSession(false).getAttribute("cart")).isEqualTo("3 items");
            read.save();
        } finally {
            read.release();
        }
    }

    /** A read without a token: loads from Redis and hands out the token once the feed is connected. */
    private static String tokenAfterRead(SessionEngine engine, String id) {
        SessionRequest read = engine.newRequest(id);
        try {
            read.getSession(false).getAttribute("cart");
            read.save();
            return read.versionToSend().filter(token -> !token.isEmpty()).orElse(null);
        } finally {
            read.release();
        }
    }
}
