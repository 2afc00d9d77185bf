/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonSession;
import dev.baton.servlet.common.LastAccesses;
import dev.baton.servlet.common.SessionIntervals;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The {@code HttpSession} a web app sees, backed by a {@link BatonSession}. Behaves as Tomcat's in-memory session:
 * after {@link #invalidate()} the attribute and time accessors throw {@link IllegalStateException}; intervals are in
 * seconds, zero or negative meaning never expire. Used by the filter.
 */
public final class BatonHttpSession implements HttpSession {

    private final BatonSession session;
    private final ServletContext servletContext;
    private final LastAccesses lastAccesses;

    /**
     * Wraps a session.
     *
     * @param session the session
     * @param servletContext the web app's context
     */
    public BatonHttpSession(BatonSession session, ServletContext servletContext) {
        this(session, servletContext, null);
    }

    private BatonHttpSession(BatonSession session, ServletContext servletContext, LastAccesses lastAccesses) {
        this.session = requireNonNull(session, "session");
        this.servletContext = requireNonNull(servletContext, "servletContext");
        this.lastAccesses = lastAccesses;
    }

    /**
     * The one view of {@code session} that every event and {@code getSession()} call of a request share, whose last
     * access time includes this node's memory of it.
     *
     * @param session the session
     * @param servletContext the web app's context
     * @param lastAccesses this node's last accesses
     * @return its view
     */
    public static BatonHttpSession of(BatonSession session, ServletContext servletContext,
            LastAccesses lastAccesses) {
        requireNonNull(lastAccesses, "lastAccesses");
        return session.view(s -> new BatonHttpSession(s, servletContext, lastAccesses));
    }

    /**
     * The one view of {@code session} that every event and {@code getSession()} call of a request share.
     *
     * @param session the session
     * @param servletContext the web app's context
     * @return its view
     */
    public static BatonHttpSession of(BatonSession session, ServletContext servletContext) {
        return session.view(s -> new BatonHttpSession(s, servletContext));
    }

    /** {@return the session behind this view} */
    public BatonSession batonSession() {
        return session;
    }

    @Override
    public long getCreationTime() {
        return session.getCreationTime().toEpochMilli();
    }

    @Override
    public String getId() {
        return session.getId();
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccesses == null ? session.getLastAccessedTime().toEpochMilli() : lastAccesses.lastAccessed(session);
    }

    @Override
    public ServletContext getServletContext() {
        return servletContext;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        session.setMaxInactiveInterval(Duration.ofSeconds(interval));
    }

    /** The interval as last set, as Tomcat's {@code StandardSession} keeps it: 0 stays 0, a negative value stays. */
    @Override
    public int getMaxInactiveInterval() {
        return SessionIntervals.seconds(session.getMaxInactiveInterval());
    }

    @Override
    public Object getAttribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(session.getAttributeNames());
    }

    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        session.removeAttribute(name);
    }

    @Override
    public void invalidate() {
        session.invalidate();
    }

    @Override
    public boolean isNew() {
        return session.isNew();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatonHttpSession view && view.session == session;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(session);
    }

    /** Shows the hashed ID only. */
    @Override
    public String toString() {
        return session.toString();
    }
}
