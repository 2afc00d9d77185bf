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
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's memory of when it last served each session: the store gets a session's last access at most once per
 * {@code touchInterval}, yet the next request on this node sees the previous one's access in
 * {@code getLastAccessedTime()}, as with the container's own sessions, without a store round trip. Another node sees
 * the stored time, at most {@code touchInterval} older. Bounded: past its capacity (by an eighth, so that trimming is
 * rare) it forgets the sessions served longest ago. Thread-safe, and without a lock shared by all requests: one is
 * recorded at the end of every request, as a number in the session's own cell (no new object, no reference written
 * into the long-lived map but when a session is first served).
 */
public final class LastAccesses {

    private static final int DEFAULT_CAPACITY = 10_000;

    /** Epoch milliseconds by session ID: what {@link #lastAccessed} answers in. */
    private final Map<String, AtomicLong> accesses = new ConcurrentHashMap<>();
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
        long millis = at.toEpochMilli();
        AtomicLong cell = accesses.get(id);
        do {
            if (cell == null) {
                cell = accesses.computeIfAbsent(id, key -> new AtomicLong(millis));
            }
            cell.accumulateAndGet(millis, Math::max);
            // A trim that dropped the cell meanwhile would forget this access: recorded again, in a new cell.
        } while (cell != (cell = accesses.get(id)));
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
        long stored = session.getLastAccessedTime().toEpochMilli();
        AtomicLong local = accesses.get(session.getId());
        return local == null ? stored : Math.max(local.get(), stored);
    }

    /** Forgets the sessions served longest ago, down to the capacity; one request trims while others go on. */
    private synchronized void trim() {
        int excess = accesses.size() - capacity;
        if (excess <= 0) {
            return;
        }
        long[] times = accesses.values().stream().mapToLong(AtomicLong::get).toArray();
        Arrays.sort(times);
        long cutoff = times[Math.min(excess, times.length) - 1];
        accesses.values().removeIf(time -> time.get() <= cutoff);
    }
}
