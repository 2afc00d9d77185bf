/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

/**
 * Keeps a session to the web app that created it when several web apps share one store and namespace (a Tomcat whose
 * {@code conf/context.xml} gives every web app the same manager line): a session marked with one web app's
 * {@code application} name is, for every other web app, as if the store did not have it, so a session ID that one web
 * app issued (with the attributes it let a client set) is never another web app's session. Sessions without a mark
 * (those of the filter and the Spring Boot starter, which never mark) serve every web app, as before.
 */
public final class SessionScope {

    /** The container-internal attribute holding the {@code application} name of the web app that made the session. */
    public static final String ATTRIBUTE = BatonSession.INTERNAL_PREFIX + "application";

    private SessionScope() {
    }

    /**
     * Marks a session this engine's web app has just created as its own; saved with the session.
     *
     * @param engine the web app's engine
     * @param session the new session
     */
    public static void mark(SessionEngine engine, BatonSession session) {
        requireNonNull(engine, "engine");
        requireNonNull(session, "session").setInternalAttribute(ATTRIBUTE, engine.application());
    }

    /** Whether the session may serve this engine's web app: it has no mark, or this web app's. */
    static boolean admits(SessionEngine engine, BatonSession session) {
        Object owner = session.getInternalAttribute(ATTRIBUTE);
        return owner == null || owner.equals(engine.application());
    }
}
