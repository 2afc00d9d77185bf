/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.testing.FeedEvents;
import dev.baton.jdbc.testing.PrivatePostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that stops under a listening near-cache feed (a private server): the feed, trying again every second,
 * says so once at INFO, not once a second, and says at INFO when it listens again.
 */
class PostgresFeedOutageLogIT {

    @Test
    void feedWhenPostgresStopsThenOneLineForTheOutageAndOneWhenItListensAgain() {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            BatonConfig config = BatonConfig.builder().store(postgres.url()).set("tableName", "baton_feed_log")
                    .set("createSchema", "true").set("storeTimeout", "1s").build();
            String log = FeedEvents.logDuring(config, connected -> {
                await().atMost(Duration.ofSeconds(20)).until(() -> connected.get() >= 1);
                postgres.stopNow();
                // The feed tries again every second: by then it has failed at least three times.
                await().pollDelay(Duration.ofMillis(3500)).until(() -> true);
                postgres.startServer();
                await().atMost(Duration.ofSeconds(30)).until(() -> connected.get() >= 2);
            });

            assertThat(FeedEvents.infoLines(log, "PostgresInvalidationFeed", "not listening"))
                    .as("INFO lines for the loss and three or more failed attempts").isEqualTo(1);
            assertThat(FeedEvents.infoLines(log, "PostgresInvalidationFeed", "listening")
                    - FeedEvents.infoLines(log, "PostgresInvalidationFeed", "not listening"))
                    .as("back: one line").isEqualTo(1);
        }
    }
}
