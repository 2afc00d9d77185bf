/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.testing.FeedEvents;
import dev.baton.redis.testing.RedisServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A store that is down when the app starts (a private redis-server, stopped): the near-cache feed, trying again every
 * second, says so once at INFO, not once a second, and says at INFO when it listens.
 */
class RedisFeedOutageLogIT {

    @Test
    void feedWhenRedisIsDownAtStartThenOneLineForTheOutageAndOneWhenItListens() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            redis.kill();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                    .set("storeTimeout", "500ms").build();
            String log = FeedEvents.logDuring(config, connected -> {
                // The feed tries again every second: by then it has failed at least three times.
                await().pollDelay(Duration.ofMillis(3500)).until(() -> true);
                redis.restart();
                await().atMost(Duration.ofSeconds(20)).until(() -> connected.get() >= 1);
            });

            assertThat(FeedEvents.infoLines(log, "RedisInvalidationFeed", "can't connect yet"))
                    .as("INFO lines for three or more failed attempts").isEqualTo(1);
            assertThat(FeedEvents.infoLines(log, "RedisInvalidationFeed", "listening")).isEqualTo(1);
        }
    }
}
