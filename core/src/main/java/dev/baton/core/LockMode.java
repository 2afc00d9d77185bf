/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * Which requests hold their session's cluster-wide lock from load to save ({@code lockMode}). Without the lock, two
 * requests of one session on different nodes that change the same attribute race, and one change is lost; with it,
 * they run one after the other.
 */
public enum LockMode {
    /**
     * The default. No request locks; concurrent requests that change different attributes still lose nothing
     * (writes are deltas), but two that change the same attribute keep the last writer's value.
     */
    NONE,
    /**
     * Every request that loads a session holds its lock until it has saved: no update is lost. A request waits at
     * most {@code lockTimeout} for a lock another request holds, then fails with 503. An uncontended request costs
     * no extra round trip when it writes (the lock is taken with the load and released with the save); a request
     * that reads only releases the lock with one more call.
     */
    SESSION,
    /**
     * Only requests whose path (within the web app) matches one of {@code lockUris} lock, as with {@link #SESSION};
     * the others read and write without waiting.
     */
    URI
}
