/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The authoritative home of every session: not in the store means no session.
 *
 * <p>Implementations are thread-safe and shared by all requests of a node. Every method is blocking and bounded by
 * the {@code storeTimeout} setting: when the store can't be reached in time it throws
 * {@link SessionStoreUnavailableException}, never hangs. Other failures throw {@link SessionStoreException}. IDs
 * passed in are always well formed ({@link SessionIds#isWellFormed(String)}); the request logic never lets a
 * malformed one through.
 *
 * <p>Stores know nothing of servlets, codecs or listeners: they keep metadata and opaque attribute bytes. Stores are
 * found from the scheme of the {@code store} URI through {@link SessionStoreProvider}. Every store passes the
 * contract kit in core's test-jar.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Reads a session and all its attribute bytes. One round trip.
     *
     * @param id the session ID
     * @return the session, or empty when there is none or it has expired by the store's clock
     * @throws SessionStoreException when the store fails
     */
    Optional<StoredSession> load(String id);

    /**
     * Reads a session and takes its lock, atomically. One round trip (the same as {@link #load}).
     *
     * <p>The lock is free when no request holds it, when its lease ended at or before {@code now}, or when
     * {@code owner} already holds it (a call replayed after a reconnect gets the same lease back). Taking it hands out
     * a fencing token greater than any this session had, and holds the lock until {@code now + lease}, until a save
     * carrying the token ({@link SessionChange#fence()}), or until {@link #unlock}. A session is locked only while it
     * exists: deleting it, or its expiry, frees the lock with it; {@link #changeId} moves the lock with the session.
     *
     * @param id the session ID
     * @param owner who asks: unique per request, at most 64 characters
     * @param now the time to judge expiry and leases by
     * @param lease how long the lock is held unless renewed or released; &gt; 0
     * @return {@link LockedLoad.Acquired} with the session, {@link LockedLoad.Busy} when another request holds the
     *     lock (nothing is loaded), or {@link LockedLoad.Absent} when there is no live session
     * @throws SessionStoreException when the store fails
     */
    LockedLoad loadLocked(String id, String owner, Instant now, Duration lease);

    /**
     * Extends a lease this request holds, for a request that runs longer than it. One round trip.
     *
     * @param id the session ID
     * @param fence the token {@link #loadLocked} handed out
     * @param now the time to judge the lease by
     * @param lease the new lease, from {@code now}
     * @return {@code false} when the lock was released, taken by another request, or the session is gone
     * @throws SessionStoreException when the store fails
     */
    boolean renewLock(String id, long fence, Instant now, Duration lease);

    /**
     * Releases a lock without writing, for a request that changed nothing. One round trip. Does nothing when the
     * token is no longer the session's newest (another request has taken the lock since).
     *
     * @param id the session ID
     * @param fence the token {@link #loadLocked} handed out
     * @throws SessionStoreException when the store fails
     */
    void unlock(String id, long fence);

    /**
     * Creates a session or applies a delta to one, atomically. One round trip on Redis, at most two on SQL.
     *
     * <p>An {@link SessionChange.Kind#UPDATE} of a session that does not exist, or that has expired at
     * {@link SessionChange#at()}, writes nothing and returns {@link SaveResult#GONE}. Replaying the same change (a
     * client library retrying after a reconnect) leaves the same state.
     *
     * <p>An update carrying a {@linkplain SessionChange#fence() fence} is written only when no request has taken the
     * session's lock since that token was handed out, and then releases the lock in the same round trip; otherwise it
     * writes nothing and returns {@link SaveResult#FENCED}. An update without a fence ignores locks.
     *
     * <p>An update carrying {@linkplain SessionChange#expectedAttributes() expectations} (a change made after the
     * response was committed) is written only when, for every name it expects, the store holds exactly the expected
     * bytes (or no such attribute, for a zero-length array); the check and the write are atomic. Otherwise it writes
     * nothing and returns {@link SaveResult#STALE}: a late change never overwrites a newer value.
     *
     * <p>A written change reports the session's version after it ({@link SaveOutcome#version()}): 1 for a creation,
     * the stored version plus one for an update, as a {@link #load} right after it would return it. The near cache
     * keeps the writer's state as a copy only when that version is exactly the one the request loaded plus one (no
     * other save came between). A store that can't report it without another round trip returns 0, and then no copy
     * is kept; a store with an {@linkplain #openInvalidationFeed() invalidation feed} must report it.
     *
     * @param change what to write
     * @return {@link SaveResult#SAVED} with the version written, or {@link SaveResult#GONE}, {@link SaveResult#FENCED}
     *     or {@link SaveResult#STALE} with version 0
     * @throws SessionStoreException when the store fails; nothing of the change is then visible
     */
    SaveOutcome apply(SessionChange change);

    /**
     * {@link #apply(SessionChange)}, without the version written.
     *
     * @param change what to write
     * @return {@link SaveResult#SAVED}, {@link SaveResult#GONE}, {@link SaveResult#FENCED} or
     *     {@link SaveResult#STALE}
     * @throws SessionStoreException when the store fails; nothing of the change is then visible
     */
    default SaveResult save(SessionChange change) {
        return apply(change).result();
    }

    /**
     * Deletes a session and its attributes. Idempotent.
     *
     * @param id the session ID
     * @return whether a session was there
     * @throws SessionStoreException when the store fails
     */
    boolean delete(String id);

    /**
     * Moves a session to a new ID. Once this returns, the old ID finds nothing on every node, and the new one finds
     * the session with all its attributes.
     *
     * @param oldId the current ID
     * @param newId the new ID, not in use
     * @return {@code false} when there was no live session under {@code oldId} (nothing changed)
     * @throws SessionStoreException when the store fails
     */
    boolean changeId(String oldId, String newId);

    /**
     * Claims up to {@code limit} sessions that have expired at {@code now} and removes them from the store, so that
     * of all the nodes calling this concurrently, exactly one receives each expired session. A session touched (its
     * expiry moved past {@code now}) before it was claimed is not claimed.
     *
     * @param now the time to judge expiry by
     * @param limit the most sessions to claim in this call, at least 1
     * @return the claimed sessions with their attributes, for {@code sessionDestroyed}
     * @throws SessionStoreException when the store fails
     */
    List<StoredSession> reapExpired(Instant now, int limit);

    /**
     * How many sessions the store holds, cluster-wide, for the Tomcat manager's {@code activeSessions} and for
     * dashboards. Cheap, but not on any request's path: one round trip on SQL (an index range count), one per expiry
     * index shard on Redis (1, or 256 on Cluster). It may count a session that expired but that no reaper has claimed
     * yet (Redis), so it can run ahead of the live count by up to a {@code reapInterval}'s worth of expiries.
     *
     * @param now the time to judge expiry by, where the store can
     * @return the count, or empty when this store can't count cheaply (the default)
     * @throws SessionStoreException when the store fails
     */
    default java.util.OptionalLong countSessions(Instant now) {
        return java.util.OptionalLong.empty();
    }

    /**
     * Cluster-wide totals of sessions created and expired, which the store counts inside the writes that create and
     * claim sessions (so counting costs no call of its own). Read like {@link #countSessions}, never on a request's
     * path: one round trip on SQL, one per shard on Redis (1, or 256 on Cluster).
     *
     * @return the totals, or empty when the store keeps none (the default)
     * @throws SessionStoreException when the store fails
     */
    default Optional<SessionTotals> totals() {
        return Optional.empty();
    }

    /**
     * Records that session {@code id} belongs to {@code principal}, for {@link #findByPrincipal}. The request logic
     * calls it after a save that gave the session a principal it did not have stored (a login), and after
     * {@link #changeId} of a session with a principal: never on a request that leaves the principal as it was. Stores
     * whose save already indexes the principal (SQL: an indexed column) do nothing (the default). Idempotent; an
     * entry whose session has since gone is harmless: {@link #findByPrincipal} never returns it.
     *
     * @param id the session ID
     * @param principal the principal's name
     * @param expiresAt the session's expiry, or {@code null} for never
     * @throws SessionStoreException when the store fails
     */
    default void indexPrincipal(String id, String principal, Instant expiresAt) {
    }

    /**
     * The IDs of the live sessions whose principal is {@code principal}, in no particular order: expired, deleted
     * and moved sessions are left out (and a store with an index separate from its sessions drops their entries as it
     * meets them, so the index cleans itself without a scan). For {@link SessionAdmin}, never on a request's path.
     * Round trips: one on SQL; on Redis one for the index plus one check per listed session.
     *
     * @param principal the principal's name
     * @param now the time to judge expiry by
     * @return the IDs
     * @throws UnsupportedOperationException when the store has no principal index (the default)
     * @throws SessionStoreException when the store fails
     */
    default List<String> findByPrincipal(String principal, Instant now) {
        throw new UnsupportedOperationException("findByPrincipal: " + getClass().getName()
                + " has no principal index");
    }

    /**
     * Claims one session if it has expired at {@code now}, for a request that presents its ID: removes it from the
     * store and returns it with its attributes, so that of all the nodes calling this or {@link #reapExpired}
     * concurrently, exactly one receives it (and fires {@code sessionDestroyed}). At most two round trips (one on
     * Redis).
     *
     * @param id the session ID
     * @param now the time to judge expiry by
     * @return the claimed session, or empty when there is no such session, it has not expired at {@code now} (it is
     *     left as it is), or another node claimed it first
     * @throws SessionStoreException when the store fails
     */
    Optional<StoredSession> claimExpired(String id, Instant now);

    /**
     * Opens this store's feed of session changes, for the near cache ({@code nearCacheSize}); the caller starts and
     * closes it. A store without one (the default) can't back a near cache: its nodes load every session on each
     * request that uses it.
     *
     * @return a new, unstarted feed, or empty when the store has none
     */
    default java.util.Optional<InvalidationFeed> openInvalidationFeed() {
        return java.util.Optional.empty();
    }

    /**
     * Checks that the store answers, for health checks. One round trip.
     *
     * @throws SessionStoreException when it does not
     */
    void ping();

    /**
     * Releases what the store created (connections, pools, threads); resources passed in are borrowed and left open.
     * Idempotent and bounded in time.
     */
    @Override
    void close();
}
