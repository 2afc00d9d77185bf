/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import dev.baton.core.SessionRequest;
import dev.baton.core.SessionUse;
import jakarta.servlet.ServletRequest;

/**
 * Request attributes that tell a container's access log which session a request served, set by the filter and the
 * Tomcat manager as the request ends: {@value #ID_HASH}, the session ID's hash ({@code #} and 16 hex digits, as in
 * Baton's own logs; never the ID), and {@value #OUTCOME}, one of {@code created}, {@code loaded}, {@code missed} (the
 * client's ID named no live session), {@code untouched} (the client sent an ID, and the app never asked for its
 * session, so it was not looked up) or {@code none} (no ID sent, no session created; the hash is {@code -}). Setting
 * them makes no store call. In Tomcat's
 * {@code AccessLogValve}:
 *
 * <pre>{@code pattern="%h %t &quot;%r&quot; %s %b %{dev.baton.session.hash}r %{dev.baton.session.outcome}r"}</pre>
 */
public final class AccessLogAttributes {

    /** The request attribute holding the session ID's hash, or {@code -}. */
    public static final String ID_HASH = "dev.baton.session.hash";
    /** The request attribute holding how the request came by its session. */
    public static final String OUTCOME = "dev.baton.session.outcome";

    private AccessLogAttributes() {
    }

    /**
     * Sets both attributes.
     *
     * @param request the container's request
     * @param session the request's session logic
     */
    public static void record(ServletRequest request, SessionRequest session) {
        SessionUse use = session.use();
        request.setAttribute(ID_HASH, use.idHash());
        request.setAttribute(OUTCOME, use.outcome().label());
    }
}
