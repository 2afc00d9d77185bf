/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import dev.baton.servlet.common.SaveBeforeCommitResponse;
import dev.baton.servlet.common.SaveOnAsyncComplete;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * A request whose session is Baton's: {@code getSession}, {@code changeSessionId} and the requested-ID methods never
 * reach the container's own session manager.
 */
public final class SessionRequestWrapper extends HttpServletRequestWrapper {

    private final RequestState state;
    private final SaveBeforeCommitResponse response;

    /**
     * @param request the container's request
     * @param response the wrapped response
     * @param state the request's session state
     */
    public SessionRequestWrapper(HttpServletRequest request, SaveBeforeCommitResponse response, RequestState state) {
        super(request);
        this.state = state;
        this.response = response;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return state.session(create);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        if (state.session(false) == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        return state.sessionRequest().changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return state.sessionRequest().requestedId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return state.sessionRequest().isRequestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return state.sessionRequest().requestedId() != null && !state.transport().usesHeader();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /** Starts async processing with the wrapped request and response, so that async writes still save first. */
    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext context = super.startAsync(request, response);
        context.addListener(new SaveOnAsyncComplete(state::saveBeforeCommit));
        return state.asyncContext(context);
    }

    /** The request's async context, whose {@code complete()} saves first, however the app reached it. */
    @Override
    public AsyncContext getAsyncContext() {
        return state.asyncContext(super.getAsyncContext());
    }
}
