/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The outcome of {@link SessionStore#loadLocked(String, String, Instant, java.time.Duration)}: the session with its
 * lock, a lock another request holds, or no session.
 */
public sealed interface LockedLoad permits LockedLoad.Acquired, LockedLoad.Busy, LockedLoad.Absent {

    /**
     * The session was loaded and its lock taken.
     *
     * @param session the session, as loaded in the same round trip
     * @param fence the lease's fencing token: greater than every token handed out for this session before; a save
     *     carrying it is refused once another request has taken the lock
     */
    record Acquired(StoredSession session, long fence) implements LockedLoad {
        /**
         * Checks the arguments.
         *
         * @param session the session, as loaded in the same round trip
         * @param fence the lease's fencing token; &gt;= 1
         */
        public Acquired {
            requireNonNull(session, "session");
            if (fence < 1) {
                throw new IllegalArgumentException("fence must be >= 1, not " + fence);
            }
        }
    }

    /**
     * Another request holds the session's lock; nothing was loaded.
     *
     * @param heldUntil when that request's lease runs out unless it renews it
     */
    record Busy(Instant heldUntil) implements LockedLoad {
        /**
         * Checks the argument.
         *
         * @param heldUntil when that request's lease runs out unless it renews it
         */
        public Busy {
            requireNonNull(heldUntil, "heldUntil");
        }
    }

    /** There is no live session under the ID; no lock was taken. */
    record Absent() implements LockedLoad {
    }
}
