/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import dev.baton.core.BatonSession;
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

/**
 * The session state of one request across its dispatches (forward, include, async): the engine's
 * {@link SessionRequest}, and the work due before the response is committed (save, then send or clear the ID).
 */
public final class RequestState {

    /** The request attribute under which the state of the outermost dispatch is kept. */
    public static final String ATTRIBUTE = RequestState.class.getName();

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
        this.engine = engine;
        this.transport = transport;
        this.servletContext = servletContext;
        this.request = request;
        this.lastAccesses = lastAccesses;
        this.accessEveryRequest = accessEveryRequest;
        this.began = Instant.now();
    }

    /**
     * The engine's side of the request, made on first use: a request that never asks for its session does not even
     * read its cookies.
     */
    public synchronized SessionRequest sessionRequest() {
        if (sessionRequest == null) {
            sessionRequest = engine.newRequest(transport.requestedId(request), AppPaths.of(request));
            sessionRequest.presentVersion(transport.requestedVersion(request));
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
        if (!committed && !response.isCommitted()) {
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
