/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds and ends users' sessions, cluster-wide: list a user's sessions, invalidate one of them, invalidate all of them
 * ("log out everywhere"), and count the sessions in the store. Sessions are found through the principal the request
 * logic records with each session (the authenticated user's name of any request that has one); the store keeps an
 * index of it that cleans itself.
 *
 * <p>Sessions are named by the hash of their ID ({@link LogIds#hash}), never by the ID itself, so that what an admin
 * page shows can't be used to take over a session. Invalidating fires {@code sessionDestroyed} (and the unbind
 * events) on the calling node, exactly once per session cluster-wide: the store's delete decides which of the callers
 * racing for a session (another admin, the user's own {@code invalidate()}, the reaper) destroys it.
 *
 * <p>Get one from the front end: the filter publishes it as the servlet context attribute {@link #ATTRIBUTE}, the
 * Tomcat manager as {@code BatonSessionManager.admin()}, and the Spring Boot starter as a bean. Thread-safe. Every
 * method calls the store (never on a request's path) and throws {@link SessionStoreException} when it fails, and
 * {@link UnsupportedOperationException} when the store has no principal index.
 */
public final class SessionAdmin {

    /** The servlet context attribute under which the filter publishes its web app's {@code SessionAdmin}. */
    public static final String ATTRIBUTE = "dev.baton.core.SessionAdmin";

    private final SessionEngine engine;

    private SessionAdmin(SessionEngine engine) {
        this.engine = engine;
    }

    /**
     * The admin of an engine's sessions.
     *
     * @param engine the engine
     * @return the admin
     */
    public static SessionAdmin of(SessionEngine engine) {
        return new SessionAdmin(requireNonNull(engine, "engine"));
    }

    /**
     * One session of a user, as an admin page shows it.
     *
     * @param idHash the hash of the session's ID ({@link LogIds#hash}), the same on every node
     * @param created when the session was created
     * @param lastAccessed the last access the store knows of (touches are coalesced: up to {@code touchInterval}
     *     behind)
     * @param expiresAt when the session expires unless used again, or {@code null} for never
     */
    public record SessionInfo(String idHash, Instant created, Instant lastAccessed, Instant expiresAt) {
    }

    /**
     * The live sessions of a user, oldest first. One store call for the index, then one load per session.
     *
     * @param principal the user's name, as {@code getUserPrincipal().getName()} gives it
     * @return the sessions; empty when the user has none
     */
    public List<SessionInfo> sessionsOf(String principal) {
        List<SessionInfo> found = new ArrayList<>();
        for (StoredSession stored : load(principal)) {
            found.add(new SessionInfo(LogIds.hash(stored.id()), stored.created(), stored.lastAccessed(),
                    stored.expiresAt()));
        }
        found.sort(java.util.Comparator.comparing(SessionInfo::created));
        return found;
    }

    /**
     * The IDs of a user's live sessions, in no particular order: for adapters that must name sessions by ID, such as
     * the Spring Boot starter's Spring Session repository, never for a page or a log. One store call (the index; on
     * Redis one check per listed session).
     *
     * @param principal the user's name
     * @return the IDs; empty when the user has none
     */
    public List<String> sessionIdsOf(String principal) {
        requireNonNull(principal, "principal");
        return engine.store().findByPrincipal(principal, engine.clock().instant());
    }

    /**
     * How many live sessions a user has.
     *
     * @param principal the user's name
     * @return the count
     */
    public int countSessionsOf(String principal) {
        requireNonNull(principal, "principal");
        return engine.store().findByPrincipal(principal, engine.clock().instant()).size();
    }

    /**
     * Invalidates one session of a user, found by its ID hash (as {@link #sessionsOf} lists it).
     *
     * @param principal the user's name
     * @param idHash the session's {@link SessionInfo#idHash()}
     * @return {@code false} when the user has no such session, or another node ended it first
     */
    public boolean invalidate(String principal, String idHash) {
        requireNonNull(idHash, "idHash");
        for (StoredSession stored : load(principal)) {
            if (LogIds.hash(stored.id()).equals(idHash)) {
                return destroy(stored);
            }
        }
        return false;
    }

    /**
     * Invalidates every session of a user ("log out everywhere"): each session is deleted from the store, so it ends
     * on every node at once, and destroyed here, firing {@code sessionDestroyed} once per session cluster-wide. A
     * request of that user under way elsewhere can't bring its session back: its save finds the session gone.
     *
     * @param principal the user's name
     * @return how many sessions this call ended
     */
    public int invalidateAll(String principal) {
        int ended = 0;
        for (StoredSession stored : load(principal)) {
            if (destroy(stored)) {
                ended++;
            }
        }
        return ended;
    }

    /**
     * How many sessions the store holds, cluster-wide (see {@link SessionStore#countSessions}).
     *
     * @return the count, or empty when the store can't count cheaply
     */
    public OptionalLong countSessions() {
        return engine.store().countSessions(engine.clock().instant());
    }

    private List<StoredSession> load(String principal) {
        requireNonNull(principal, "principal");
        Instant now = engine.clock().instant();
        List<StoredSession> found = new ArrayList<>();
        for (String id : engine.store().findByPrincipal(principal, now)) {
            Optional<StoredSession> stored = engine.store().load(id);
            if (stored.isPresent() && !stored.get().isExpiredAt(now) && principal.equals(stored.get().principal())) {
                found.add(stored.get());
            }
        }
        return found;
    }

    /** Deletes the session; the caller whose delete removed it fires the events. */
    private boolean destroy(StoredSession stored) {
        if (!engine.store().delete(stored.id())) {
            return false;
        }
        new BatonSession(engine, stored, engine.clock().instant(), false).destroy();
        engine.metrics().sessionInvalidated();
        return true;
    }

    @Override
    public String toString() {
        return "SessionAdmin[" + engine + "]";
    }
}
