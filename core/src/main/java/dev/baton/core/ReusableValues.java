/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.codec.GraphSnapshot;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Attribute values that ended a request on this node equal to what the store holds, kept so that the next request
 * that reads the same stored bytes takes the object instead of decoding it: part of the near cache (a quarter of
 * {@code nearCacheSize}), off with it.
 *
 * <p>The rules that keep a request's values its own, as a decode would:
 * <ul>
 * <li>a value is kept only when the request's save found its encoding equal to the bytes the store then held (read
 * and unchanged, or written by that save), and only at the end of the request ({@link SessionRequest#release()});
 * <li>a value is handed out only to a request whose stored bytes for the attribute are equal to the ones it was kept
 * with, so a change made anywhere in the meantime means a decode;
 * <li>handing out removes it: two requests never share an object; a concurrent one decodes its own.
 * </ul>
 * What a decode would reset, a kept value still has: its {@code transient} fields, and a change made in place after
 * its request's save (after the response was committed), which the next request on this node then sees and saves, as
 * Tomcat's own sessions would keep it. Bounded by an estimate of the objects' heap (four times their encoded bytes),
 * least recently kept first out. Thread-safe.
 */
final class ReusableValues {

    /** An object's heap, estimated from its encoding: strings and object headers take more than their bytes. */
    private static final int HEAP_PER_BYTE = 4;
    private static final int ENTRY_OVERHEAD = 128;

    private final long maxBytes;
    /** Keyed by session ID and attribute name; guarded by itself, as is {@link #bytes}. */
    private final LinkedHashMap<Key, Kept> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ReusableValues(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The value kept for the attribute with exactly {@code unsealed} as its stored (unencrypted) bytes, with its
     * snapshot, removed; or {@code null}, when none is kept or the one kept was for other bytes (then dropped).
     */
    Kept take(String id, String name, byte[] unsealed) {
        if (maxBytes == 0) {
            return null;
        }
        Kept found;
        synchronized (kept) {
            found = kept.remove(new Key(id, name));
            if (found != null) {
                bytes -= weight(found);
            }
        }
        return found != null && Arrays.equals(found.unsealed, unsealed) ? found : null;
    }

    /**
     * Keeps {@code value}, whose encoding is {@code unsealed}, the attribute's bytes in the store now, with the snapshot
     * of its graph as it was when it encoded to them (or {@code null}).
     */
    void keep(String id, String name, byte[] unsealed, Object value, GraphSnapshot snapshot) {
        if (maxBytes == 0) {
            return;
        }
        Kept entry = new Kept(unsealed, value, snapshot);
        long weight = weight(entry);
        if (weight > maxBytes / 8) {
            return;
        }
        synchronized (kept) {
            Kept old = kept.put(new Key(id, name), entry);
            bytes += weight - (old == null ? 0 : weight(old));
            Iterator<Kept> eldest = kept.values().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                bytes -= weight(eldest.next());
                eldest.remove();
            }
        }
    }

    /** {@return the estimated heap of the values kept, in bytes} */
    long bytes() {
        synchronized (kept) {
            return bytes;
        }
    }

    void clear() {
        synchronized (kept) {
            kept.clear();
            bytes = 0;
        }
    }

    private static long weight(Kept entry) {
        return ENTRY_OVERHEAD + (long) HEAP_PER_BYTE * entry.unsealed.length
                + (entry.snapshot == null ? 0 : entry.snapshot.heapBytes());
    }

    private record Key(String id, String name) {
    }

    /**
     * A kept value: its stored bytes, and the snapshot of its graph as it was when it encoded to them, which a request
     * that takes it compares with at its save instead of encoding ({@link GraphSnapshot}).
     */
    record Kept(byte[] unsealed, Object value, GraphSnapshot snapshot) {
    }
}
