/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import dev.baton.core.SessionEngine;
import dev.baton.core.SessionStoreUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store outage met by a request: found in whatever the app or the container threw, and answered with
 * {@code 503 Service Unavailable} and {@code Retry-After: 1}, so that the client (or the balancer) tries again shortly.
 */
public final class StoreOutages {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutages.class);

    private StoreOutages() {
    }

    /**
     * The store outage that caused a failure, however deep the app or a framework wrapped it.
     *
     * @param failure what the request threw, or {@code null}
     * @return the outage, or {@code null} when the failure is something else
     */
    public static SessionStoreUnavailableException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SessionStoreUnavailableException outage) {
                return outage;
            }
        }
        return null;
    }

    /**
     * Counts the 503 in the engine's metrics, by reason, then answers it as {@link #answer(HttpServletResponse,
     * SessionStoreUnavailableException)} does.
     *
     * @param engine the web app's engine
     * @param response the response, not yet committed
     * @param outage the outage
     * @throws IOException when the answer can't be written
     */
    public static void answer(SessionEngine engine, HttpServletResponse response,
            SessionStoreUnavailableException outage) throws IOException {
        engine.requestRejected(outage);
        answer(response, outage);
    }

    /**
     * Replaces whatever the response holds with the 503 answer, and logs the outage (its message names the store
     * operation and the masked store URI, never a session ID).
     *
     * @param response the response, not yet committed
     * @param outage the outage
     * @throws IOException when the answer can't be written
     */
    public static void answer(HttpServletResponse response, SessionStoreUnavailableException outage)
            throws IOException {
        LOG.warn("Answered 503: {}", outage.getMessage());
        response.reset();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "1");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Session store unavailable; try again shortly.\n");
    }
}
