/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.core.codec.GraphSnapshot;
import java.util.Arrays;
import java.util.Map;

/**
 * Attribute values that ended a request on this node equal to what the store holds, kept so that the next request
 * that reads the same stored bytes takes the object instead of decoding it: part of the near cache (a quarter of
 * {@code nearCacheSize}), off with it.
 *
 * <p>The rules that keep a request's values its own, as a decode would:
 * <ul>
 * <li>a value is kept only when the request's save found its encoding equal to the bytes the store then held (read
 * and unchanged, or written by that save), and only at the end of the request ({@link SessionRequest#release()});
 * <li>a value is used only by a request whose stored bytes for the attribute are equal to the ones it was kept
 * with ({@link Taken#value}), so a change made anywhere in the meantime means a decode;
 * <li>a session's values are handed out together, and handing out removes them: two requests never share an object;
 * a concurrent request of the same session decodes its own.
 * </ul>
 * What a decode would reset, a kept value still has: its {@code transient} fields, and a change made in place after
 * its request's save (after the response was committed), which the next request on this node then sees and saves, as
 * Tomcat's own sessions would keep it. Bounded by an estimate of the objects' heap (four times their encoded bytes,
 * plus their snapshots); which sessions stay when they don't all fit is Caffeine's choice (frequency and recency), so
 * that a working set larger than the budget keeps a part of itself instead of evicting itself in turn. Thread-safe.
 */
final class ReusableValues {

    /** An object's heap, estimated from its encoding: strings and object headers take more than their bytes. */
    private static final int HEAP_PER_BYTE = 4;
    private static final int ENTRY_OVERHEAD = 128;

    private final long maxBytes;
    /** A session's kept values by session ID; {@code null} when the budget is 0. */
    private final Cache<String, Map<String, Kept>> kept;

    ReusableValues(long maxBytes) {
        this.maxBytes = maxBytes;
        this.kept = maxBytes == 0 ? null : Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String id, Map<String, Kept> values) -> (int) Math.min(Integer.MAX_VALUE, weight(values)))
                .executor(Runnable::run).build();
    }

    /** The values kept for session {@code id}, removed: none when nothing is kept for it. */
    Taken take(String id) {
        Map<String, Kept> found = kept == null ? null : kept.asMap().remove(id);
        return new Taken(found == null ? Map.of() : found);
    }

    /**
     * Keeps {@code values}, by attribute name, for session {@code id}'s next request on this node, replacing what was
     * kept for it; none when they would take more than an eighth of the budget.
     */
    void keep(String id, Map<String, Kept> values) {
        if (kept != null && !values.isEmpty() && weight(values) <= maxBytes / 8) {
            kept.put(id, values);
        }
    }

    /** {@return the estimated heap of the values kept, in bytes} */
    long bytes() {
        if (kept == null) {
            return 0;
        }
        kept.cleanUp();
        return kept.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    void clear() {
        if (kept != null) {
            kept.invalidateAll();
        }
    }

    private static long weight(Map<String, Kept> values) {
        long weight = ENTRY_OVERHEAD;
        for (Kept entry : values.values()) {
            weight += ENTRY_OVERHEAD + (long) HEAP_PER_BYTE * entry.unsealed.length
                    + (entry.snapshot == null ? 0 : entry.snapshot.heapBytes());
        }
        return weight;
    }

    /**
     * A kept value: its stored bytes, and the snapshot of its graph as it was when it encoded to them, which a request
     * that takes it compares with at its save instead of encoding ({@link GraphSnapshot}).
     */
    record Kept(byte[] unsealed, Object value, GraphSnapshot snapshot) {
    }

    /** The values one request took for its session; the request's own, used under its session's lock. */
    static final class Taken {

        private final Map<String, Kept> values;

        private Taken(Map<String, Kept> values) {
            this.values = values;
        }

        /**
         * The value kept for the attribute with exactly {@code unsealed} as its stored (unencrypted) bytes, with its
         * snapshot; or {@code null}, when none is kept or the one kept was for other bytes.
         */
        Kept value(String name, byte[] unsealed) {
            Kept found = values.get(name);
            return found != null && Arrays.equals(found.unsealed, unsealed) ? found : null;
        }

        /** The value taken for {@code name}, whichever bytes it was kept with; {@code null} when none. */
        Kept any(String name) {
            return values.get(name);
        }
    }
}
