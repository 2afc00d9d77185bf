/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/** What {@link SessionStore#save(SessionChange)} did with a change. */
public enum SaveResult {
    /** The change was written. */
    SAVED,
    /**
     * The change was an {@link SessionChange.Kind#UPDATE} of a session that no longer exists (invalidated, reaped,
     * or expired at the time of the save); nothing was written.
     */
    GONE,
    /**
     * The change carried a lock's fencing token, and another request has taken the session's lock since: this
     * request's lease ran out before it saved. Nothing was written, so the newer state stands.
     */
    FENCED,
    /**
     * The change was conditional (a change made after the response was committed, see
     * {@link SessionChange#expectedAttributes()}), and the store no longer held the expected bytes for at least one of
     * its attributes: a newer request changed them. Nothing was written, so the newer values stand.
     */
    STALE
}
