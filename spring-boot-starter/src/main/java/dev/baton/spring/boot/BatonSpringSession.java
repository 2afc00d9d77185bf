/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.core.BatonSession;
import dev.baton.core.SessionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.session.Session;

/**
 * A Baton session seen as Spring Session's {@link Session}, as {@link BatonSessionRepository} hands it out: the
 * session as the store held it when it was found, changed in memory until {@link BatonSessionRepository#save} writes
 * the change (a delta, as a request's save does). Not thread-safe beyond what {@link BatonSession} is.
 */
public final class BatonSpringSession implements Session {

    private final SessionRequest request;
    private final BatonSession session;

    BatonSpringSession(SessionRequest request, BatonSession session) {
        this.request = request;
        this.session = session;
    }

    /** {@return the Baton session behind this view} */
    public BatonSession batonSession() {
        return session;
    }

    SessionRequest request() {
        return request;
    }

    @Override
    public String getId() {
        return session.getId();
    }

    /**
     * Moves the session to a new ID in the store at once: the old ID stops working on every node.
     *
     * @return the new ID
     */
    @Override
    public String changeSessionId() {
        return request.changeSessionId();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String attributeName) {
        return (T) session.getAttribute(attributeName);
    }

    @Override
    public Set<String> getAttributeNames() {
        return new LinkedHashSet<>(session.getAttributeNames());
    }

    /**
     * Sets an attribute; {@code null} removes it, as Spring Session's sessions do.
     *
     * @param attributeName the name
     * @param attributeValue the value, or {@code null}
     */
    @Override
    public void setAttribute(String attributeName, Object attributeValue) {
        if (attributeValue == null) {
            session.removeAttribute(attributeName);
        } else {
            session.setAttribute(attributeName, attributeValue);
        }
    }

    @Override
    public void removeAttribute(String attributeName) {
        session.removeAttribute(attributeName);
    }

    @Override
    public Instant getCreationTime() {
        return session.getCreationTime();
    }

    /**
     * Ignored: Baton records the last access itself when the session is saved (coalesced by {@code touchInterval}),
     * and never moves it back.
     *
     * @param lastAccessedTime ignored
     */
    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
    }

    @Override
    public Instant getLastAccessedTime() {
        return session.getLastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
        session.setMaxInactiveInterval(interval);
    }

    @Override
    public Duration getMaxInactiveInterval() {
        return session.getMaxInactiveInterval();
    }

    /** {@return whether the session was invalidated, here or (as found at its last save) on another node} */
    @Override
    public boolean isExpired() {
        return !session.isValid();
    }

    /** Shows the hashed ID only. */
    @Override
    public String toString() {
        return session.toString();
    }
}
