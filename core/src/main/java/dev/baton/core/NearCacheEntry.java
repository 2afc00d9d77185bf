/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;

/**
 * What the near cache holds for one session, under one budget: the copy of the session as the store last held it
 * ({@link NearCache}), and the decoded values the last request on this node left ({@link ReusableValues}); either may
 * be {@code null}, not both. A copy goes when the session changes; kept values stay, since a request uses one only when
 * its stored bytes still match.
 *
 * @param copy the session's stored form, or {@code null}
 * @param kept the kept values by attribute name, or {@code null}
 */
record NearCacheEntry(StoredSession copy, Map<String, ReusableValues.Kept> kept) {

    /** The heap a copy costs beside its strings and byte arrays: the record, the map entries, the headers. */
    private static final int COPY_OVERHEAD = 256;
    private static final int ATTRIBUTE_OVERHEAD = 96;
    /** A decoded value's heap, estimated from its encoding: strings and object headers take more than their bytes. */
    private static final int VALUE_HEAP_PER_BYTE = 4;
    private static final int VALUE_OVERHEAD = 128;

    /**
     * {@return a cache of entries by session ID bounded by their estimated heap, {@code maxBytes} in all} Which
     * entries stay when they don't all fit is Caffeine's W-TinyLFU choice (frequency and recency); evictions run on
     * the threads that write, not on a pool of the JVM's.
     */
    static Cache<String, NearCacheEntry> cache(long maxBytes) {
        return Caffeine.newBuilder().maximumWeight(maxBytes).weigher((String id, NearCacheEntry entry) -> entry.weight())
                .executor(Runnable::run).build();
    }

    /** {@return this entry's estimated heap, in bytes, capped at {@link Integer#MAX_VALUE}} */
    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, (copy == null ? 0 : weight(copy)) + (kept == null ? 0 : weight(kept)));
    }

    /** {@return this entry with {@code newCopy} as its copy; {@code null} when that leaves it empty} */
    NearCacheEntry withCopy(StoredSession newCopy) {
        return newCopy == null && kept == null ? null : new NearCacheEntry(newCopy, kept);
    }

    /** {@return this entry with {@code newKept} as its kept values; {@code null} when that leaves it empty} */
    NearCacheEntry withKept(Map<String, ReusableValues.Kept> newKept) {
        return copy == null && newKept == null ? null : new NearCacheEntry(copy, newKept);
    }

    /** {@return the estimated heap of a session's copy, in bytes} */
    static long weight(StoredSession copy) {
        long weight = COPY_OVERHEAD + 2L * copy.id().length()
                + (copy.principal() == null ? 0 : 2L * copy.principal().length());
        for (Map.Entry<String, byte[]> attribute : copy.attributes().entrySet()) {
            weight += ATTRIBUTE_OVERHEAD + 2L * attribute.getKey().length() + attribute.getValue().length;
        }
        return weight;
    }

    /** {@return the estimated heap of a session's kept values and their snapshots, in bytes} */
    static long weight(Map<String, ReusableValues.Kept> values) {
        long weight = VALUE_OVERHEAD;
        for (Map.Entry<String, ReusableValues.Kept> entry : values.entrySet()) {
            ReusableValues.Kept value = entry.getValue();
            weight += VALUE_OVERHEAD + 2L * entry.getKey().length()
                    + (long) VALUE_HEAP_PER_BYTE * value.unsealed().length
                    + (value.snapshot() == null ? 0 : value.snapshot().heapBytes());
        }
        return weight;
    }
}
