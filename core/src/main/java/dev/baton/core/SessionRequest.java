/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session side of one HTTP request, independent of the container: resolves the requested ID, loads the session
 * lazily (a request that never asks for its session costs no store call), creates, changes the ID, and saves what
 * the request changed.
 *
 * <p>Front ends call {@link #save()} before the response is committed (so that the browser's next request, on any
 * node, sees this one's writes), again when the request ends if something may have changed since, and
 * {@link #release()} on every way out of the request, so that a lock is never left held. Thread-safe for asynchronous
 * requests.
 */
public final class SessionRequest {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRequest.class);

    private final SessionEngine engine;
    private final String requestedId;
    private final boolean requestedIdWellFormed;
    private final boolean locks;
    /** Whether a session this request creates takes the requested ID: only for a cross-context dispatch. */
    private final boolean createsAtRequestedId;
    private boolean loaded;
    private BatonSession requested;
    private BatonSession session;
    private boolean idChanged;
    /** Whether a save ran: the response is committed (or about to be), and what is written from now on is late. */
    private boolean savedBeforeCommit;
    /** The fencing token of the requested session's lock, or 0 when this request took none. */
    private long fence;
    private boolean lockHeld;
    private Instant lockedAt;
    private ScheduledFuture<?> leaseRenewal;
    private final ClientVersion client = new ClientVersion();

    SessionRequest(SessionEngine engine, String requestedId, boolean locks) {
        this(engine, requestedId, locks, false);
    }

    private SessionRequest(SessionEngine engine, String requestedId, boolean locks, boolean createsAtRequestedId) {
        this.engine = engine;
        this.requestedId = requestedId;
        this.requestedIdWellFormed = SessionIds.isWellFormed(requestedId);
        this.locks = locks;
        this.createsAtRequestedId = createsAtRequestedId;
    }

    /**
     * The session side of a dispatch into this web app from a request of another web app that shares the request (a
     * container's cross-context include or forward, as Tomcat's {@code crossContext}). As in the container, this web
     * app keeps a session of its own for the other web app's session, never shares that one: its ID is derived from
     * the other session's ID and this web app's {@code application} name, the same on every node, and a session this
     * request creates gets that ID. Locks as {@link SessionEngine#newRequest(String)} does.
     *
     * @param engine this web app's engine
     * @param otherSessionId the ID of the other web app's session, which that web app validated (never a client's ID
     *     as sent)
     * @return the dispatch's session logic; saved and released by the caller as a request's
     */
    public static SessionRequest crossContext(SessionEngine engine, String otherSessionId) {
        String id = SessionIds.derive(java.util.Objects.requireNonNull(otherSessionId, "otherSessionId"),
                engine.application());
        return new SessionRequest(engine, id, engine.locks().appliesTo(null), true);
    }

    /** {@return the ID the client sent, as it sent it, or {@code null}} Never log it. */
    public String requestedId() {
        return requestedId;
    }

    /**
     * The near-cache token the client sent beside its session ID ({@code nearCacheSize}): the version of the session
     * it last saw. Front ends pass it before the session is first used.
     *
     * @param token the token, as sent, or {@code null}
     */
    public synchronized void presentVersion(String token) {
        client.present(token);
    }

    /**
     * What the client must hold as its near-cache token after this request, when that differs from what it sent: the
     * session's version as this request read it, or as its save wrote it, or an empty string to drop the token (the
     * request renamed the session, invalidated it, or the cache is off while the client holds a token). Front ends
     * call it after the save before commit. A request that never used its session leaves the token as it is.
     *
     * @return the token to send, an empty string to clear it, or empty when the client's token stands (or this
     *     request already sent it)
     */
    public synchronized Optional<String> versionToSend() {
        if (!loaded && session == null) {
            return Optional.empty();
        }
        return client.toSend(engine.nearCache().enabled(), session != null ? session : requested);
    }

    /**
     * Whether the requested ID names a live session. Loads it when it was not loaded yet; a malformed ID is never
     * looked up.
     *
     * @return {@code true} when the client's session exists and is valid
     * @throws SessionStoreException when the store fails
     */
    public synchronized boolean isRequestedIdValid() {
        loadRequested();
        return requested != null && requested.isValid() && (session == null || session == requested);
    }

    /**
     * The request's session.
     *
     * @param create whether to create one when there is none
     * @return the session, or {@code null} when there is none and {@code create} is false
     * @throws SessionStoreException when the store fails
     */
    public synchronized BatonSession getSession(boolean create) {
        if (session != null && session.isValid()) {
            return session;
        }
        if (session == null) {
            loadRequested();
            if (requested != null) {
                session = requested;
                return session;
            }
        }
        if (!create) {
            return null;
        }
        session = engine.newSession(createsAtRequestedId ? requestedId : null);
        return session;
    }

    /**
     * Gives the request's session a new ID; the old one stops working on every node at once.
     *
     * @return the new ID
     * @throws IllegalStateException when the request has no valid session
     * @throws SessionStoreException when the store fails
     */
    public synchronized String changeSessionId() {
        BatonSession current = getSession(false);
        if (current == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        String oldId = current.getId();
        String newId = engine.ids().next();
        if (current.isPersisted()) {
            // Unsaved changes go first, so that the moved session holds them even if the rest of the request fails.
            write(false, savedBeforeCommit);
            client.forget();
            engine.nearCache().evict(oldId);
            if (!current.isValid() || !engine.store().changeId(oldId, newId)) {
                current.markGone();
                throw new IllegalStateException("changeSessionId: the session no longer exists");
            }
        }
        current.renameTo(newId);
        idChanged = true;
        SessionEventListener events = engine.listener();
        engine.notify("sessionIdChanged", () -> events.sessionIdChanged(current, oldId));
        return newId;
    }

    /**
     * Whether the client must be told a session ID: a session was created, or its ID changed.
     *
     * @return the ID to send, or empty
     */
    public synchronized Optional<String> idToSend() {
        if (session == null || !session.isValid()) {
            return Optional.empty();
        }
        if (idChanged || !session.getId().equals(requestedId)) {
            return Optional.of(session.getId());
        }
        return Optional.empty();
    }

    /**
     * Whether the client's session cookie should be cleared: it named a session that this request invalidated, and
     * no new session replaced it.
     *
     * @return {@code true} to expire the cookie
     */
    public synchronized boolean shouldClearClientId() {
        return requestedIdWellFormed && requested != null && !requested.isValid()
                && (session == null || !session.isValid());
    }

    /**
     * Writes what the request changed, if anything: the creation of a new session, or a delta. Idempotent: a second
     * call writes only what changed since the first. Nothing is written for an invalidated session.
     *
     * <p>A request that holds its session's lock ({@code lockMode}) releases it here: with the write, in the same
     * round trip, or with one call when there is nothing to write.
     *
     * <p>The first call is the save before the response is committed; what a later call writes was changed after it
     * (a <em>late</em> change, such as a framework setting again at request completion what it read), when the
     * client may already have sent its next request to another node. A late value whose encoding equals the stored one
     * is no write at all; any other late change of an attribute is written only if the store still holds what this
     * request loaded or last wrote for it, and is otherwise dropped with a warning, so that it never overwrites a newer
     * value. A late change needs no lock, so it is never fenced: the lock was released by the first call.
     *
     * @throws SessionStoreException when the store fails
     * @throws SessionTooLargeException when the session would exceed {@code maxSessionBytes}; nothing is written
     * @throws SessionLockException when this request's lease ran out and another request took the lock; nothing is
     *     written
     */
    public synchronized void save() {
        boolean late = savedBeforeCommit;
        savedBeforeCommit = true;
        try {
            write(true, late);
            if (requested != null && !requested.isValid()) {
                engine.nearCache().evict(requested.getId());
            }
        } finally {
            if (lockHeld) {
                releaseLock();
            }
        }
    }

    /**
     * Records the request's authenticated user with its session, when the request has already loaded or created one:
     * never loads a session for it. A change of principal travels with the next save; the same principal again
     * writes nothing.
     *
     * @param principal the user's name ({@code getUserPrincipal().getName()}), or {@code null} for none: a request
     *     without a principal leaves the stored one as it is
     */
    public synchronized void recordPrincipal(String principal) {
        if (principal != null && session != null && session.isValid()) {
            session.setPrincipalName(principal);
        }
    }

    /**
     * What the request did with its session, for access logs: created, loaded, missed (the client's ID named no live
     * session), untouched (an ID was sent but never looked up), or none; with the hashed ID, never the ID. Makes no
     * store call.
     *
     * @return the session's use by this request
     */
    public synchronized SessionUse use() {
        if (session != null && session != requested) {
            return new SessionUse(SessionUse.Outcome.CREATED, LogIds.hash(session.getId()));
        }
        if (requested != null) {
            return new SessionUse(SessionUse.Outcome.LOADED, LogIds.hash(requested.getId()));
        }
        if (requestedId == null) {
            return SessionUse.NONE;
        }
        return new SessionUse(loaded ? SessionUse.Outcome.MISSED : SessionUse.Outcome.UNTOUCHED,
                LogIds.hash(requestedId));
    }

    /**
     * Ends the request without writing: if the request still holds its session's lock (the save was never reached, or
     * an outage cut the request short), stops renewing its lease and releases it. When the store can't be reached the
     * release is logged and skipped, and the lease, no longer renewed, lapses within {@code lockLease}. Does nothing
     * after a {@link #save()}, which releases the lock itself. After a save, hands the values still equal to the stored
     * ones to the near cache, for this node's next request ({@link ReusableValues}). Front ends call it on every exit
     * path of a request, once the request is done with its session.
     */
    public synchronized void release() {
        if (lockHeld) {
            releaseLock();
        }
        if (session != null && savedBeforeCommit) {
            session.keepReusable(engine.nearCache().reusable());
        }
    }

    private void write(boolean releasesLock, boolean late) {
        if (session == null || !session.isValid()) {
            return;
        }
        Instant now = engine.clock().instant();
        SessionChange change = session.pendingChange(now);
        if (change == null) {
            return;
        }
        boolean conditional = late && change.kind() == SessionChange.Kind.UPDATE;
        if (releasesLock && lockHeld && !conditional && session == requested) {
            change = change.withFence(fence);
        }
        engine.nearCache().evict(change.id());
        long begun = engine.nearCache().mark();
        SaveOutcome saved = conditional ? new SaveOutcome(engine.lateChanges().write(engine.store(), session, change), 0)
                : engine.store().apply(change);
        SaveResult result = saved.result();
        if (result == SaveResult.GONE) {
            LOG.info("Session {} was invalidated or expired on another node during this request; its changes "
                    + "were dropped", LogIds.hash(change.id()));
            session.markGone();
            return;
        }
        if (result == SaveResult.FENCED) {
            lockReleased();
            throw engine.locks().leaseLost(change.id(), Duration.between(lockedAt, now).toMillis());
        }
        if (change.fence() > 0) {
            lockReleased();
        }
        if (conditional) {
            client.forget();
        } else {
            boolean indexDue = session.saved(change);
            if (engine.nearCache().enabled() && client.isNextOf(change, saved.version())) {
                engine.nearCache().keep(NearCache.afterSave(change, saved.version(), session.storedAttributes()),
                        begun);
            }
            client.written(change.id(), saved.version());
            if (indexDue) {
                engine.store().indexPrincipal(change.id(), change.principal(), change.expiresAt());
            }
        }
        if (engine.metrics() != EngineMetrics.NONE) {
            engine.metrics().sessionSaved(session.storedBytes(), change.setAttributes().size());
        }
    }

    private void releaseLock() {
        lockReleased();
        if (requested.isValid()) {
            unlock(requested.getId());
        }
    }

    /** Releases this request's lock of session {@code id}; when the store can't be reached, the lease lapses. */
    private void unlock(String id) {
        try {
            engine.store().unlock(id, fence);
        } catch (SessionStoreException e) {
            LOG.warn("Could not release the lock of session {}; it frees itself when its lease ends: {}",
                    LogIds.hash(id), e.getMessage());
        }
    }

    private void lockReleased() {
        lockHeld = false;
        if (leaseRenewal != null) {
            leaseRenewal.cancel(false);
            leaseRenewal = null;
        }
    }

    private void loadRequested() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (!requestedIdWellFormed) {
            return;
        }
        if (!locks) {
            StoredSession stored = engine.load(requestedId, client.presentedFor(requestedId));
            requested = stored == null ? null : engine.expiries().live(stored);
            client.read(requestedId, requested == null ? 0 : stored.version());
            return;
        }
        String owner = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        LockedLoad.Acquired lock = engine.locks().load(requestedId, owner);
        if (lock == null) {
            engine.expiries().destroyIfExpired(requestedId);
            return;
        }
        fence = lock.fence();
        lockHeld = true;
        lockedAt = engine.clock().instant();
        requested = engine.expiries().live(lock.session());
        if (requested == null) {
            // Past its absolute lifetime (the reaper takes it), or another web app's: this request leaves it unlocked.
            lockHeld = false;
            unlock(requestedId);
            return;
        }
        BatonSession locked = requested;
        leaseRenewal = engine.locks().keepLeased(() -> engine.store().renewLock(locked.getId(), lock.fence(),
                engine.clock().instant(), engine.config().lockLease()));
    }
}
