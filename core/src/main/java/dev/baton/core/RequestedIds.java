/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The session IDs a client sent with one request, in the order sent. A browser sends every cookie of the session
 * cookie's name whose path and domain match the request, and the first may be stale: one from a longer path, or a
 * parent domain's. As in Tomcat and Spring Session, the one that names a live session is the request's
 * ({@link #firstLive}).
 *
 * <p>Collects the values of the session cookie one by one ({@link #add}): the first well-formed one is the
 * {@linkplain #id() ID} (else the first value, which names no session); up to {@value #MOST_OTHERS} more well-formed
 * ones, distinct, are the {@linkplain #others() others}. Each other may cost a store read, so a client can make a
 * request read at most {@value #MOST_OTHERS} more sessions than its first. Not thread-safe.
 */
public final class RequestedIds {

    /** The most IDs kept after the first. */
    public static final int MOST_OTHERS = 3;

    private String firstValue;
    private String id;
    private List<String> others = List.of();

    /**
     * Takes the next value of the session cookie, in the order the client sent them.
     *
     * @param value the value, as sent
     */
    public void add(String value) {
        if (!SessionIds.isWellFormed(value)) {
            firstValue = firstValue == null ? value : firstValue;
        } else if (id == null) {
            id = value;
        } else if (!value.equals(id) && !others.contains(value) && others.size() < MOST_OTHERS) {
            others = others.isEmpty() ? new ArrayList<>(MOST_OTHERS) : others;
            others.add(value);
        }
    }

    /** {@return the first well-formed value, else the first value, else {@code null}} */
    public String id() {
        return id != null ? id : firstValue;
    }

    /** {@return the other well-formed values, distinct, in the order sent; usually none} */
    public List<String> others() {
        return List.copyOf(others);
    }

    /**
     * Starts the session side of a request for the first of the client's IDs that names a live session, or for
     * {@code id} when none does. An ID after the first is read from the store only when those before it named no
     * session; the requests made for IDs that did not win are released.
     *
     * @param engine the web app's engine
     * @param id the ID the client sent first ({@link #id()}), or {@code null}
     * @param others the client's other IDs ({@link #others()})
     * @param version the near-cache version token the client sent, or {@code null}
     * @param path the request's path within the web app, as {@link SessionEngine#newRequest(String, String)} takes it
     * @return the request's session logic
     */
    public static SessionRequest firstLive(SessionEngine engine, String id, List<String> others, String version,
            String path) {
        SessionRequest first = engine.newRequest(id, path);
        first.presentVersion(version);
        if (others.isEmpty() || first.isRequestedIdValid()) {
            return first;
        }
        for (String other : others) {
            SessionRequest next = engine.newRequest(other, path);
            next.presentVersion(version);
            if (next.isRequestedIdValid()) {
                first.release();
                return next;
            }
            next.release();
        }
        return first;
    }
}
