/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This node's memory of when it last served each session: the store gets a session's last access at most once per
 * {@code touchInterval}, yet the next request on this node sees the previous one's access in
 * {@code getLastAccessedTime()}, as with the container's own sessions, without a store round trip. Another node sees
 * the stored time, at most {@code touchInterval} older. Bounded: the least recently served sessions are forgotten
 * first. Thread-safe.
 */
public final class LastAccesses {

    private static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Instant> accesses;

    /** A memory of the last {@value #DEFAULT_CAPACITY} sessions served. */
    public LastAccesses() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity how many sessions it remembers
     */
    public LastAccesses(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + ": must be >= 1");
        }
        this.accesses = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Records that a request, which began at {@code at}, accessed the session; call it when the request ends.
     *
     * @param id the session's ID
     * @param at when the request began
     */
    public synchronized void record(String id, Instant at) {
        requireNonNull(id, "id");
        requireNonNull(at, "at");
        accesses.merge(id, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /**
     * The session's last access: the stored one, or this node's later one.
     *
     * @param session the session
     * @return epoch milliseconds
     * @throws IllegalStateException when the session was invalidated
     */
    public long lastAccessed(BatonSession session) {
        Instant stored = session.getLastAccessedTime();
        Instant local;
        synchronized (this) {
            local = accesses.get(session.getId());
        }
        return (local != null && local.isAfter(stored) ? local : stored).toEpochMilli();
    }
}
