/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.BatonSession;
import dev.baton.core.SessionRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The sessions that a web app served by {@link BatonSessionManager} keeps for a request of another web app, which
 * reaches it through a cross-context include or forward ({@code crossContext="true"}). Such a dispatch does not pass
 * through the target web app's pipeline, so no {@link BatonSessionValve} binds a request there: Tomcat's
 * {@code ApplicationHttpRequest} asks the target's manager directly, with the including web app's session ID
 * ({@code findSession}, then {@code createSession} with that ID), calls {@code access()} on the session it keeps for
 * the dispatch, and {@code endAccess()} when the dispatch returns. As with Tomcat's own manager, the target's session
 * is its own, not the including web app's ({@link SessionRequest#crossContext}).
 *
 * <p>Each such use is open on its thread from the lookup until the dispatch's {@code endAccess()}, which saves it and
 * releases its lock: before the including servlet goes on, and so before the response is committed unless the
 * dispatched servlet commits it itself. A lookup that no {@code access()} follows (Tomcat's
 * {@code isRequestedSessionIdValid}) is released by the next lookup of the same session on the thread, or when the
 * request of any web app served by Baton's manager ends on it.
 */
final class CrossContextSessions {

    /** The uses open on this thread, every manager's, so that the valve of the including request can end them all. */
    private static final ThreadLocal<List<Use>> OPEN = new ThreadLocal<>();

    private CrossContextSessions() {
    }

    /**
     * The session that the manager's web app keeps for another web app's session.
     *
     * @param manager the target web app's manager, started
     * @param otherId the ID of the including web app's session, as Tomcat hands it over
     * @param create whether to create the session when there is none
     * @return the session, or {@code null} when there is none and {@code create} is false
     */
    static BatonTomcatSession find(BatonSessionManager manager, String otherId, boolean create) {
        List<Use> open = OPEN.get();
        if (open == null) {
            open = new ArrayList<>(2);
            OPEN.set(open);
        }
        Use use = null;
        for (Iterator<Use> it = open.iterator(); it.hasNext();) {
            Use candidate = it.next();
            if (candidate.manager == manager && candidate.otherId.equals(otherId)) {
                if (candidate.accessed) {
                    use = candidate;
                } else {
                    // A lookup nothing accessed (a validity check): what it read may be stale now.
                    it.remove();
                    candidate.request.release();
                }
                break;
            }
        }
        if (use == null) {
            use = new Use(manager, otherId, SessionRequest.crossContext(manager.engine(), otherId));
        }
        BatonSession session = use.request.getSession(create);
        if (session == null) {
            if (!use.accessed) {
                use.request.release();
            }
            return null;
        }
        use.session = session;
        if (!open.contains(use)) {
            open.add(use);
        }
        return manager.wrap(session);
    }

    /** Tomcat's {@code access()} of a session: when it is a cross-context use, the dispatch now holds it. */
    static void accessed(BatonSession session) {
        Use use = of(session);
        if (use != null) {
            use.accessed = true;
        }
    }

    /** Tomcat's {@code endAccess()} of a session: when it is a cross-context use, the dispatch is over: saved. */
    static void ended(BatonSession session) {
        Use use = of(session);
        if (use != null && use.accessed) {
            OPEN.get().remove(use);
            use.end();
        }
    }

    /** Ends every use still open on this thread, when a request served by Baton's manager ends. */
    static void endAll() {
        List<Use> open = OPEN.get();
        if (open == null) {
            return;
        }
        OPEN.remove();
        RuntimeException failure = null;
        for (Use use : open) {
            try {
                use.end();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Use of(BatonSession session) {
        List<Use> open = OPEN.get();
        if (open != null) {
            for (Use use : open) {
                if (use.session == session) {
                    return use;
                }
            }
        }
        return null;
    }

    /** One web app's use of its session for another web app's request. */
    private static final class Use {
        final BatonSessionManager manager;
        final String otherId;
        final SessionRequest request;
        BatonSession session;
        boolean accessed;

        Use(BatonSessionManager manager, String otherId, SessionRequest request) {
            this.manager = manager;
            this.otherId = otherId;
            this.request = request;
        }

        /** Saves what the dispatch changed (only an accessed use can have changed anything) and frees the lock. */
        void end() {
            try {
                if (accessed) {
                    request.save();
                }
            } finally {
                request.release();
            }
        }
    }
}
