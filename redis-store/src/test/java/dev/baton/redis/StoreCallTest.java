/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionStoreUnavailableException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How Lettuce's failures become Baton's: an outage is 503-worthy, anything else says what Redis answered. */
class StoreCallTest {

    private final StoreCall call = new StoreCall(null, "redis://127.0.0.1:6379", Duration.ofSeconds(1), "save", null);

    @Test
    void failureWhenLettuceRequestQueueIsFullThenUnavailableNotABug() {
        // Lettuce's words when requestQueueSize commands already wait (issue 18, item 13: a full queue gave 500).
        RedisException full = new RedisException("Request queue size exceeded: 10000. Commands are not accepted until "
                + "the queue size drops.");

        assertThat(call.failure(full)).isInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("Request queue size exceeded");
    }

    @Test
    void failureWhenRedisAnswersAnErrorThenNotAnOutage() {
        assertThat(call.failure(new RedisException("ERR unknown command"))).isNotInstanceOf(
                SessionStoreUnavailableException.class).hasMessageContaining("Redis answered: ERR unknown command");
    }
}
