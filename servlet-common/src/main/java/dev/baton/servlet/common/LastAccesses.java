/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonSession;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's memory of when it last served each session: the store gets a session's last access at most once per
 * {@code touchInterval}, yet the next request on this node sees the previous one's access in
 * {@code getLastAccessedTime()}, as with the container's own sessions, without a store round trip. Another node sees
 * the stored time, at most {@code touchInterval} older. Bounded: past its capacity (by an eighth, so that trimming is
 * rare) it forgets the sessions served longest ago. Thread-safe, and without a lock shared by all requests: one is
 * recorded at the end of every request.
 */
public final class LastAccesses {

    private static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Instant> accesses = new ConcurrentHashMap<>();
    private final int capacity;

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
        this.capacity = capacity;
    }

    /**
     * Records that a request, which began at {@code at}, accessed the session; call it when the request ends.
     *
     * @param id the session's ID
     * @param at when the request began
     */
    public void record(String id, Instant at) {
        requireNonNull(id, "id");
        requireNonNull(at, "at");
        accesses.merge(id, at, (old, now) -> now.isAfter(old) ? now : old);
        if (accesses.size() > capacity + capacity / 8) {
            trim();
        }
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
        Instant local = accesses.get(session.getId());
        return (local != null && local.isAfter(stored) ? local : stored).toEpochMilli();
    }

    /** Forgets the sessions served longest ago, down to the capacity; one request trims while others go on. */
    private synchronized void trim() {
        int excess = accesses.size() - capacity;
        if (excess <= 0) {
            return;
        }
        Instant[] times = accesses.values().toArray(new Instant[0]);
        Arrays.sort(times);
        Instant cutoff = times[Math.min(excess, times.length) - 1];
        accesses.values().removeIf(time -> !time.isAfter(cutoff));
    }
}
