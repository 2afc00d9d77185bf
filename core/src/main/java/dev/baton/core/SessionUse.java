/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What one request did with its session, for access logs: which session (by {@link LogIds#hash hash}, never the ID)
 * and how the request came by it.
 *
 * @param outcome how the request came by its session
 * @param idHash the hashed ID of the session served (created or loaded; its new ID after a change), or of the ID the
 *     client sent (missed, untouched); {@code "-"} when there is none
 */
public record SessionUse(Outcome outcome, String idHash) {

    /** How a request came by its session. */
    public enum Outcome {
        /** The client sent no session ID and the request created no session. */
        NONE,
        /** The client sent an ID, and the request never asked for its session: it was not looked up. */
        UNTOUCHED,
        /** The client's ID named a live session, which the request loaded. */
        LOADED,
        /** The client's ID named no live session (unknown, malformed, expired or invalidated), and none was created. */
        MISSED,
        /** The request created a new session (whatever the client sent). */
        CREATED;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** {@return the outcome as access logs show it: {@code none}, {@code untouched}, {@code loaded}, ...} */
        public String label() {
            return label;
        }
    }

    /** No session, no ID sent. */
    public static final SessionUse NONE = new SessionUse(Outcome.NONE, "-");

    /**
     * @param outcome how the request came by its session
     * @param idHash the hashed ID, or {@code "-"}
     */
    public SessionUse {
        requireNonNull(outcome, "outcome");
        requireNonNull(idHash, "idHash");
    }
}
