/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key layout, built on every load and save: the same keys as the layout's strings, with fewer copies. */
class RedisKeysTest {

    private static final String WELL_FORMED_ID = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u-_";

    @ParameterizedTest
    @ValueSource(ints = {1, 256})
    void sessionKeyIsTheShardPrefixAndTheIdInUtf8(int shards) {
        RedisKeys keys = new RedisKeys("app-ü:", shards);
        for (String id : new String[] {WELL_FORMED_ID, "crëme-brûlée", "", "id with spaces"}) {
            int shard = keys.shardOf(id);
            assertThat(keys.session(id)).as(id)
                    .isEqualTo(("app-ü:s:{" + shard + "}:" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 256})
    void eachSessionKeyIsANewArray(int shards) {
        RedisKeys keys = new RedisKeys("baton:", shards);
        byte[] first = keys.session(WELL_FORMED_ID);
        first[0] = 'X';
        assertThat(keys.session(WELL_FORMED_ID)[0]).isEqualTo((byte) 'b');
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 256})
    void indexAndCountersKeysAreMadeOncePerShard(int shards) {
        RedisKeys keys = new RedisKeys("baton:", shards);
        int shard = keys.shardOf(WELL_FORMED_ID);
        assertThat(keys.indexOf(WELL_FORMED_ID)).isSameAs(keys.index(shard))
                .isSameAs(keys.indexOf(WELL_FORMED_ID))
                .isEqualTo(("baton:x:{" + shard + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(keys.countersOf(WELL_FORMED_ID)).isSameAs(keys.counters(shard))
                .isSameAs(keys.countersOf(WELL_FORMED_ID))
                .isEqualTo(("baton:n:{" + shard + "}").getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 9, 10, -10, 99, 100, 1_800_000, 1_765_000_000_123L, -1_765_000_000_123L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void numberIsItsDecimalDigits(long value) {
        assertThat(RedisKeys.number(value)).isEqualTo(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }
}
