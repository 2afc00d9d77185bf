/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonSession;
import dev.baton.core.SessionAdmin;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.session.FindByIndexNameSessionRepository;

/**
 * Baton's sessions seen as Spring Session's {@link FindByIndexNameSessionRepository}, so that what is built on that
 * interface works on Baton's sessions: above all Spring Security's concurrent-session control
 * ({@code maximumSessions}) with Spring Session's {@code SpringSessionBackedSessionRegistry}, cluster-wide. The
 * starter makes it a bean when Spring Session's core is on the class path; Baton's filter, not Spring Session's,
 * keeps serving the app's {@code HttpSession}.
 *
 * <p>The principal index is Baton's ({@link SessionAdmin}): the name recorded with each session, from the container's
 * {@code getUserPrincipal()} or Spring Security's {@code SecurityContext} ({@link SpringSecurityPrincipals}). Only
 * {@link #PRINCIPAL_NAME_INDEX_NAME} is indexed; any other index name finds nothing.
 *
 * <p>Costs, in store calls: {@link #findById} one load (plus, with {@code lockMode}, one to release the lock it took:
 * a session found here is never held locked); {@link #save} one write, nothing when nothing changed;
 * {@link #findByIndexNameAndIndexValue} the index look-up, then one load per session. Spring Security's
 * {@code ConcurrentSessionFilter} calls {@link #findById} on every request that has a session, as it does with Spring
 * Session's own repositories. Thread-safe.
 */
public final class BatonSessionRepository implements FindByIndexNameSessionRepository<BatonSpringSession> {

    private final Supplier<SessionEngine> engine;

    /**
     * An adapter of an engine's sessions.
     *
     * @param engine the engine, asked for on every call (the filter creates its engine when the container starts it)
     */
    public BatonSessionRepository(Supplier<SessionEngine> engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /**
     * A new session, written to the store by {@link #save}.
     *
     * @return the session
     */
    @Override
    public BatonSpringSession createSession() {
        SessionRequest request = engine.get().newRequest(null);
        return new BatonSpringSession(request, request.getSession(true));
    }

    /**
     * Writes what changed in the session since it was found or last saved: one store call, none when nothing changed.
     * A session invalidated or expired meanwhile (on any node) is not brought back: nothing is written.
     *
     * @param session a session this repository handed out
     */
    @Override
    public void save(BatonSpringSession session) {
        session.request().save();
    }

    /**
     * The live session with this ID.
     *
     * @param id the session ID
     * @return the session, or {@code null} when there is none (unknown, expired, invalidated, malformed ID)
     */
    @Override
    public BatonSpringSession findById(String id) {
        SessionRequest request = engine.get().newRequest(id);
        try {
            BatonSession session = request.getSession(false);
            return session == null ? null : new BatonSpringSession(request, session);
        } finally {
            // A session found here is read and maybe saved later, outside any request: it holds no lock meanwhile.
            request.release();
        }
    }

    /**
     * Invalidates the session on every node, firing {@code sessionDestroyed} here (once cluster-wide). Does nothing
     * when there is no such session.
     *
     * @param id the session ID
     */
    @Override
    public void deleteById(String id) {
        BatonSpringSession session = findById(id);
        if (session != null && session.batonSession().isValid()) {
            session.batonSession().invalidate();
        }
    }

    /**
     * The live sessions of a principal, by ID, for {@link #PRINCIPAL_NAME_INDEX_NAME}; no others.
     *
     * @param indexName {@link #PRINCIPAL_NAME_INDEX_NAME}; any other name finds nothing
     * @param indexValue the principal's name
     * @return the sessions by ID; empty when none
     */
    @Override
    public Map<String, BatonSpringSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, BatonSpringSession> found = new LinkedHashMap<>();
        if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName) || indexValue == null) {
            return found;
        }
        for (String id : SessionAdmin.of(engine.get()).sessionIdsOf(indexValue)) {
            BatonSpringSession session = findById(id);
            if (session != null && indexValue.equals(session.batonSession().getPrincipalName())) {
                found.put(id, session);
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "BatonSessionRepository";
    }
}
