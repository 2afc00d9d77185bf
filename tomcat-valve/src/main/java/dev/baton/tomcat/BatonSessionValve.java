/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.RequestedIds;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.servlet.common.AccessLogAttributes;
import dev.baton.servlet.common.AppPaths;
import dev.baton.servlet.common.SaveBeforeCommitResponse;
import dev.baton.servlet.common.SaveOnAsyncComplete;
import dev.baton.servlet.common.StoreOutages;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.SessionConfig;
import org.apache.catalina.valves.ValveBase;

/**
 * Gives each request its Baton session logic, first in the context's pipeline (before any authenticator), and saves
 * what the request changed: before the response is committed when the app commits it, else when the pipeline returns
 * (Tomcat writes a redirect or a buffered body only after that). A store that is down answers 503 with
 * {@code Retry-After}. Installed by {@link BatonSessionManager}; not configured by hand.
 */
public final class BatonSessionValve extends ValveBase {

    private final BatonSessionManager manager;

    BatonSessionValve(BatonSessionManager manager) {
        super(true);
        this.manager = manager;
    }

    /**
     * The request path: (1) the request's session logic, with the ID Tomcat resolved from the cookie, bound to the
     * thread (the session is loaded, lock included, only when the app or an authenticator first asks for it, through
     * {@link BatonSessionManager#findSession}); (2) the response wrapped so that anything the app does to commit it
     * saves first; (3) the rest of the pipeline runs; (4) the session is saved, which releases its lock, before Tomcat
     * writes the response, or when an async request completes; (5) a store outage is answered with 503; (6) on every
     * way out, a lock that no save released is released.
     */
    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (manager.engine() == null) {
            getNext().invoke(request, response);
            return;
        }
        Instant began = Instant.now();
        SessionEngine engine = manager.engine();
        SessionRequest session = open(engine, request);
        manager.bind(session);
        Runnable save = () -> VersionCookies.saveAndSend(session, request, response);
        response.setResponse(new SaveBeforeCommitResponse(response.getResponse(), save));
        request.setRequest(new BoundRequest(request.getRequest(), session));
        try {
            getNext().invoke(request, response);
            SessionStoreUnavailableException outage = StoreOutages.find(
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
            if (outage != null) {
                throw outage;
            }
            if (request.getContext() != null && request.getContext().getAlwaysAccessSession()
                    && request.getRequestedSessionId() != null) {
                // What StandardHostValve does after the pipeline (strict compliance), done while this request's
                // session logic is bound: the session is accessed, as of the request's start (the response may
                // already be with the client), though the app never asked for it.
                if (request.getSessionInternal(false) instanceof BatonTomcatSession accessed) {
                    accessed.accessBegan(began);
                }
            }
            if (request.isAsync()) {
                request.getAsyncContext().addListener(new SaveOnAsyncComplete(save));
            } else {
                save.run();
            }
        } catch (SessionStoreUnavailableException e) {
            if (response.isCommitted()) {
                throw e;
            }
            // The app's servlet threw it: Tomcat marked a 500 that the host would report over this 503.
            request.removeAttribute(RequestDispatcher.ERROR_EXCEPTION);
            response.resetError();
            StoreOutages.answer(engine, response, e);
        } finally {
            if (!request.isAsync()) {
                session.release();
            }
            AccessLogAttributes.record(request, session);
            manager.unbind();
            CrossContextSessions.endAll();
        }
    }

    /**
     * The request's session logic, for the ID Tomcat resolved and the token the client sent, read in one pass over
     * the cookies. When the ID came from cookies and the client sent several of the name, the first that names a live
     * session is the request's ({@link RequestedIds}), and Tomcat's requested ID becomes that one: Tomcat's own choice
     * asks the manager about each before this web app's request is bound, and so takes the last.
     */
    private static SessionRequest open(SessionEngine engine, Request request) {
        String path = AppPaths.of(request);
        Cookie[] cookies = request.getCookies();
        String name = request.getContext() == null ? null : SessionConfig.getSessionCookieName(request.getContext());
        RequestedIds ids = new RequestedIds();
        String version = null;
        if (cookies != null && name != null) {
            String versionName = VersionCookies.name(name);
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    ids.add(cookie.getValue());
                } else if (version == null && versionName.equals(cookie.getName())) {
                    version = cookie.getValue();
                }
            }
        }
        String tomcats = request.getRequestedSessionId();
        if (!request.isRequestedSessionIdFromCookie() || name == null) {
            SessionRequest session = engine.newRequest(tomcats, path);
            session.presentVersion(version);
            return session;
        }
        SessionRequest session = RequestedIds.firstLive(engine, ids.id(), ids.others(), version, path);
        if (session.requestedId() != null && !session.requestedId().equals(tomcats)) {
            request.setRequestedSessionId(session.requestedId());
        }
        return session;
    }

    /**
     * The app's request, binding this request's session logic to whatever thread asks for the session: an async
     * request may do so from another thread than the one the valve ran on.
     */
    private final class BoundRequest extends HttpServletRequestWrapper {
        private final SessionRequest session;

        BoundRequest(HttpServletRequest request, SessionRequest session) {
            super(request);
            this.session = session;
        }

        private <T> T bound(java.util.function.Supplier<T> call) {
            SessionRequest previous = manager.current();
            manager.bind(session);
            try {
                return call.get();
            } finally {
                if (previous == null) {
                    manager.unbind();
                } else {
                    manager.bind(previous);
                }
            }
        }

        @Override
        public HttpSession getSession(boolean create) {
            return bound(() -> super.getSession(create));
        }

        @Override
        public HttpSession getSession() {
            return bound(super::getSession);
        }

        @Override
        public String changeSessionId() {
            return bound(super::changeSessionId);
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return bound(super::isRequestedSessionIdValid);
        }
    }
}
