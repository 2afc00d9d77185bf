/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import dev.baton.core.BatonSession;
import dev.baton.core.RequestedIds;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.servlet.BatonHttpSession;
import dev.baton.servlet.common.AppPaths;
import dev.baton.servlet.common.LastAccesses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.function.Function;

/**
 * The session state of one request across its dispatches (forward, include, async): the engine's
 * {@link SessionRequest}, and the work due before the response is committed (save, then send or clear the ID).
 */
public final class RequestState {

    /**
     * The prefix of the request attribute under which a filter keeps its web app's state for the request; each filter
     * instance adds its own suffix, so that another web app's filter (maybe another copy of Baton) never finds it.
     */
    public static final String ATTRIBUTE = RequestState.class.getName();

    /**
     * The request attribute by which the web app whose filter handles the request hands its session's ID to the web
     * app a cross-context include or forward reaches: a {@code java.util.function.Function<Boolean, String>} (the
     * JDK's type, the same in every web app's class loader) from "create" to the session's ID, or {@code null}.
     */
    public static final String SESSION_ID_ATTRIBUTE = "dev.baton.servlet.sessionId";

    private final SessionEngine engine;
    private SessionRequest sessionRequest;
    private final SessionIdTransport transport;
    private final ServletContext servletContext;
    private final HttpServletRequest request;
    private HttpServletResponse response;
    private final LastAccesses lastAccesses;
    private final boolean accessEveryRequest;
    private final Instant began;
    private BatonSession accessed;
    private boolean committed;
    private SavingAsyncContext asyncContext;
    private final Function<Boolean, String> otherSessionId;

    /**
     * @param engine the web app's session engine
     * @param transport how the ID travels
     * @param servletContext the web app
     * @param request the container's request
     * @param lastAccesses this node's last accesses, recorded when the request ends
     * @param accessEveryRequest whether a request that carries a session's ID accesses it even when the app does not
     *     ask for it (as the container does under strict Servlet compliance)
     */
    public RequestState(SessionEngine engine, SessionIdTransport transport, ServletContext servletContext,
            HttpServletRequest request, LastAccesses lastAccesses, boolean accessEveryRequest) {
        this(engine, transport, servletContext, request, lastAccesses, accessEveryRequest, null);
    }

    private RequestState(SessionEngine engine, SessionIdTransport transport, ServletContext servletContext,
            HttpServletRequest request, LastAccesses lastAccesses, boolean accessEveryRequest,
            Function<Boolean, String> otherSessionId) {
        this.otherSessionId = otherSessionId;
        this.engine = engine;
        this.transport = transport;
        this.servletContext = servletContext;
        this.request = request;
        this.lastAccesses = lastAccesses;
        this.accessEveryRequest = accessEveryRequest;
        this.began = Instant.now();
    }

    /**
     * The state of a cross-context include or forward into this web app from another one whose filter is Baton's
     * too: as in the container, this web app keeps a session of its own for the other web app's session
     * ({@link SessionRequest#crossContext}), saved when the dispatch returns, and never sends an ID to the client.
     *
     * @param engine this web app's engine
     * @param transport how the ID travels (for the requested-ID methods)
     * @param servletContext this web app
     * @param request the request as dispatched here
     * @param lastAccesses this node's last accesses
     * @param otherSessionId the other web app's session's ID, from "create" ({@link #SESSION_ID_ATTRIBUTE})
     * @return the dispatch's state
     */
    public static RequestState crossContext(SessionEngine engine, SessionIdTransport transport,
            ServletContext servletContext, HttpServletRequest request, LastAccesses lastAccesses,
            Function<Boolean, String> otherSessionId) {
        return new RequestState(engine, transport, servletContext, request, lastAccesses, false,
                java.util.Objects.requireNonNull(otherSessionId, "otherSessionId"));
    }

    /** {@return the ID of this web app's session for the request, from "create", as {@link #SESSION_ID_ATTRIBUTE}} */
    public Function<Boolean, String> sessionIds() {
        return create -> {
            BatonHttpSession session = session(create);
            return session == null ? null : session.getId();
        };
    }

    /**
     * The engine's side of the request, made on first use: a request that never asks for its session does not even
     * read its cookies. In a cross-context dispatch it follows the other web app's session, when it has one.
     */
    public synchronized SessionRequest sessionRequest() {
        if (sessionRequest == null) {
            if (otherSessionId == null) {
                SessionIdTransport.Requested requested = transport.requested(request);
                sessionRequest = RequestedIds.firstLive(engine, requested.id(), requested.otherIds(),
                        requested.version(), AppPaths.of(request));
            } else {
                String other = otherSessionId.apply(false);
                sessionRequest = other != null ? SessionRequest.crossContext(engine, other)
                        : engine.newRequest(null, AppPaths.of(request));
            }
        }
        return sessionRequest;
    }

    /** How the ID travels. */
    public SessionIdTransport transport() {
        return transport;
    }

    /**
     * @param response the response the ID is sent on
     */
    public synchronized void response(HttpServletResponse response) {
        this.response = response;
    }

    /**
     * The container's async context seen through one that saves before {@code complete()}; the same view for every
     * call with the same context.
     *
     * @param context the container's async context
     * @return its saving view
     */
    synchronized AsyncContext asyncContext(AsyncContext context) {
        if (asyncContext == null || !asyncContext.wraps(context)) {
            asyncContext = new SavingAsyncContext(context, this);
        }
        return asyncContext;
    }

    /**
     * The request's session as the web app sees it.
     *
     * @param create whether to create one
     * @return the session, or {@code null}
     * @throws IllegalStateException when a session would be created after the response was committed
     */
    public synchronized BatonHttpSession session(boolean create) {
        if (sessionRequest == null && otherSessionId != null) {
            // The other web app's session first (created with ours, as the container does), then ours for it.
            String other = otherSessionId.apply(create);
            if (other == null) {
                return null;
            }
            sessionRequest = SessionRequest.crossContext(engine, other);
        }
        BatonSession session = sessionRequest().getSession(false);
        if (session == null && create) {
            if (committed || response.isCommitted()) {
                throw new IllegalStateException("Cannot create a session after the response has been committed");
            }
            session = sessionRequest().getSession(true);
        }
        if (session == null) {
            return null;
        }
        accessed = session;
        return BatonHttpSession.of(session, servletContext, lastAccesses);
    }

    /**
     * Saves the session and sends (or clears) the client's ID, before the response is committed. The first call does
     * both; later calls save what changed since.
     */
    public synchronized void saveBeforeCommit() {
        if (sessionRequest == null && accessEveryRequest && !committed && transport.requestedId(request) != null) {
            // The session is accessed (its last access touched, coalesced by touchInterval) though the app never
            // asked for it.
            accessed = sessionRequest().getSession(false);
        }
        if (sessionRequest == null) {
            committed = true;
            return;
        }
        java.security.Principal user = request.getUserPrincipal();
        sessionRequest.recordPrincipal(user == null ? null : user.getName());
        sessionRequest.save();
        if (otherSessionId != null) {
            // The client holds the other web app's ID, from which this one's is derived: nothing to send.
            committed = true;
        } else if (!committed && !response.isCommitted()) {
            committed = true;
            sessionRequest.idToSend().ifPresentOrElse(id -> transport.send(request, response, id), () -> {
                if (sessionRequest.shouldClearClientId()) {
                    transport.clear(request, response);
                }
            });
            sessionRequest.versionToSend().ifPresent(token -> transport.sendVersion(request, response, token));
        }
    }

    /**
     * Ends the request: releases the session's lock if the save was never reached (an outage or a failed save cut
     * the request short); nothing after a save.
     */
    public synchronized void release() {
        if (sessionRequest != null) {
            sessionRequest.release();
        }
        if (accessed != null && accessed.isValid()) {
            lastAccesses.record(accessed.getId(), began);
        }
    }
}
