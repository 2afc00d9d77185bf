/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static dev.baton.redis.internal.RedisKeys.bytes;

import dev.baton.core.SessionTotals;
import dev.baton.redis.internal.RedisKeys;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The store's cluster-wide figures, summed over the shards (1, or 256 on Cluster), one command per shard: the session
 * count from the expiry indexes, and the totals from the counters hashes that save.lua, reap.lua and claim.lua keep.
 */
final class ShardFigures {

    private static final byte[] CREATED = bytes("created");
    private static final byte[] EXPIRED = bytes("expired");

    private ShardFigures() {
    }

    /**
     * The sum of the expiry indexes' sizes ({@code ZCARD}): sessions not yet reaped, those that never expire
     * ({@code maxInactiveInterval} 0) left out, as they have no index entry.
     */
    static long count(StoreCall call, RedisKeys keys) {
        long count = 0;
        for (int shard = 0; shard < keys.shards(); shard++) {
            byte[] index = keys.index(shard);
            count += call.run(r -> r.zcard(index));
        }
        return count;
    }

    /** The sum of the counters hashes ({@code HMGET <keyPrefix>n:{<shard>} created expired}); absent fields are 0. */
    static SessionTotals totals(StoreCall call, RedisKeys keys) {
        long created = 0;
        long expired = 0;
        for (int shard = 0; shard < keys.shards(); shard++) {
            byte[] counters = keys.counters(shard);
            List<KeyValue<byte[], byte[]>> fields = call.run(r -> r.hmget(counters, CREATED, EXPIRED));
            created += counter(fields.get(0));
            expired += counter(fields.get(1));
        }
        return new SessionTotals(created, expired);
    }

    private static long counter(KeyValue<byte[], byte[]> field) {
        return field.hasValue() ? Long.parseLong(new String(field.getValue(), StandardCharsets.US_ASCII)) : 0;
    }
}
