/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the near cache holds for one session, under one budget: the copy of the session as the store last held it
 * ({@link NearCache}), and the decoded values the last request on this node left ({@link ReusableValues}). A copy goes
 * when the session changes; kept values stay, since a request uses one only when its stored bytes still match.
 *
 * <p>Immutable but for the kept values' holder, which the entries that replace this one for a new copy share: a
 * request claims the values from it ({@link #claimKept()}) without writing the cache, and no two requests can claim
 * the same values. Claimed values still count in the entry's weight until the session's next values replace them (an
 * overestimate, so the cache stays within its bound).
 */
final class NearCacheEntry {

    /** The heap a copy costs beside its strings and byte arrays: the record, the map entries, the headers. */
    private static final int COPY_OVERHEAD = 256;
    private static final int ATTRIBUTE_OVERHEAD = 96;
    /** A decoded value's heap, estimated from its encoding: strings and object headers take more than their bytes. */
    private static final int VALUE_HEAP_PER_BYTE = 4;
    private static final int VALUE_OVERHEAD = 128;

    private final StoredSession copy;
    private final long copyWeight;
    private final AtomicReference<Map<String, ReusableValues.Kept>> kept;
    private final long keptWeight;

    private NearCacheEntry(StoredSession copy, long copyWeight, AtomicReference<Map<String, ReusableValues.Kept>> kept,
            long keptWeight) {
        this.copy = copy;
        this.copyWeight = copyWeight;
        this.kept = kept;
        this.keptWeight = keptWeight;
    }

    /**
     * {@return a cache of entries by session ID bounded by their estimated heap, {@code maxBytes} in all} Which
     * entries stay when they don't all fit is Caffeine's W-TinyLFU choice (frequency and recency); evictions run on
     * the threads that write, not on a pool of the JVM's.
     */
    static Cache<String, NearCacheEntry> cache(long maxBytes) {
        return Caffeine.newBuilder().maximumWeight(maxBytes).weigher((String id, NearCacheEntry entry) -> entry.weight())
                .executor(Runnable::run).build();
    }

    /** {@return an entry of a copy alone} */
    static NearCacheEntry ofCopy(StoredSession copy) {
        return new NearCacheEntry(copy, weight(copy), new AtomicReference<>(), 0);
    }

    /** {@return an entry of kept values alone} */
    static NearCacheEntry ofKept(Map<String, ReusableValues.Kept> values) {
        return new NearCacheEntry(null, 0, new AtomicReference<>(values), weight(values));
    }

    /** {@return the copy, or {@code null}} */
    StoredSession copy() {
        return copy;
    }

    /** {@return this entry with {@code newCopy} as its copy; {@code null} when that leaves nothing to keep} */
    NearCacheEntry withCopy(StoredSession newCopy) {
        if (newCopy == null && kept.get() == null) {
            return null;
        }
        return new NearCacheEntry(newCopy, newCopy == null ? 0 : weight(newCopy), kept, keptWeight);
    }

    /** This entry with {@code newCopy}, unless it holds a newer copy already (a writer's, put while a load ran). */
    NearCacheEntry withNewerCopy(StoredSession newCopy) {
        return copy != null && copy.version() > newCopy.version() ? this : withCopy(newCopy);
    }

    /** {@return this entry with {@code values} as its kept values, in a holder of their own} */
    NearCacheEntry withKept(Map<String, ReusableValues.Kept> values) {
        return new NearCacheEntry(copy, copyWeight, new AtomicReference<>(values), weight(values));
    }

    /** {@return the kept values, which no other caller then gets; {@code null} when none are left} */
    Map<String, ReusableValues.Kept> claimKept() {
        return kept.get() == null ? null : kept.getAndSet(null);
    }

    /** {@return whether {@code other} keeps its values in this entry's holder (one replaced it for a new copy)} */
    boolean sharesKept(NearCacheEntry other) {
        return kept == other.kept;
    }

    /**
     * Puts values claimed from this entry's holder back, unchanged (they still count in the weight): {@code false}
     * when the holder is not empty.
     */
    boolean restoreKept(Map<String, ReusableValues.Kept> values) {
        return kept.compareAndSet(null, values);
    }

    /** {@return this entry's estimated heap, in bytes, capped at {@link Integer#MAX_VALUE}} */
    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, copyWeight + keptWeight);
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
