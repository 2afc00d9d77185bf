/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.codec.GraphSnapshot;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * Attribute values that ended a request on this node equal to what the store holds, kept so that the next request
 * that reads the same stored bytes takes the object instead of decoding it: part of the near cache, in its entries and
 * under its budget ({@link NearCacheEntry}), off with it.
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
 * Tomcat's own sessions would keep it. Thread-safe.
 */
final class ReusableValues {

    /** The near cache's entries; {@code null} when the cache is off. */
    private final ConcurrentMap<String, NearCacheEntry> entries;
    /** The most one session's kept values may weigh: an eighth of the near cache. */
    private final long maxSessionBytes;

    ReusableValues(ConcurrentMap<String, NearCacheEntry> entries, long maxBytes) {
        this.entries = entries;
        this.maxSessionBytes = maxBytes / 8;
    }

    /** The values kept for session {@code id}, removed: none when nothing is kept for it. */
    Taken take(String id) {
        NearCacheEntry entry = entries == null ? null : entries.get(id);
        Map<String, Kept> taken = entry == null ? null : entry.claimKept();
        return taken == null ? Taken.NONE : new Taken(taken, entry);
    }

    /**
     * Puts the values a request took back as they were, for session {@code id}'s next request on this node: no new
     * entry, no write to the cache. For a request that ends with exactly the values it took (read unchanged, or not
     * read); {@code false}, and nothing done, when the entry they came from is no longer the session's (the caller
     * then keeps them as new values).
     */
    boolean putBack(String id, Taken taken) {
        NearCacheEntry current = taken.from == null ? null : entries.get(id);
        return current != null && current.sharesKept(taken.from) && taken.from.restoreKept(taken.values);
    }

    /**
     * Keeps {@code values}, by attribute name, for session {@code id}'s next request on this node, replacing what was
     * kept for it; none when they would take more than an eighth of the near cache.
     */
    void keep(String id, Map<String, Kept> values) {
        if (entries != null && !values.isEmpty() && NearCacheEntry.weight(values) <= maxSessionBytes) {
            entries.compute(id, (key, entry) -> entry == null ? NearCacheEntry.ofKept(values) : entry.withKept(values));
        }
    }

    /**
     * A kept value: its stored bytes, and the snapshot of its graph as it was when it encoded to them, which a request
     * that takes it compares with at its save instead of encoding ({@link GraphSnapshot}).
     */
    record Kept(byte[] unsealed, Object value, GraphSnapshot snapshot) {
    }

    /** The values one request took for its session; the request's own, used under its session's lock. */
    static final class Taken {

        static final Taken NONE = new Taken(Map.of(), null);

        private final Map<String, Kept> values;
        /** The entry whose holder they were claimed from; {@code null} for none. */
        private final NearCacheEntry from;

        private Taken(Map<String, Kept> values, NearCacheEntry from) {
            this.values = values;
            this.from = from;
        }

        /**
         * Whether a request whose attributes end as {@code slots} would keep exactly these values: each attribute
         * taken is still not read, or read and still the same object with the same snapshot and bytes; and no other
         * value is kept (the common read of an unchanged session). Such a request puts them back ({@link #putBack}).
         */
        boolean sameAs(Map<String, AttributeSlot> slots) {
            int same = 0;
            for (Map.Entry<String, AttributeSlot> entry : slots.entrySet()) {
                AttributeSlot slot = entry.getValue();
                Kept was = values.get(entry.getKey());
                if (slot.state == AttributeSlot.State.STORED && was != null) {
                    same++;
                } else if (slot.reusable()) {
                    if (was == null || was.value != slot.value || was.snapshot != slot.snapshotFor(slot.unsealed)
                            || !Arrays.equals(was.unsealed, slot.unsealed)) {
                        return false;
                    }
                    same++;
                } else if (was != null) {
                    return false;
                }
            }
            return same > 0 && same == values.size();
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
