/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.BatonSession;
import dev.baton.core.LogIds;
import dev.baton.servlet.common.LastAccesses;
import dev.baton.servlet.common.SessionIntervals;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.session.StandardSession;

/**
 * Tomcat's view of a Baton session: every attribute, time and lifecycle call goes to the {@link BatonSession} of the
 * request; the principal, the auth type and the authenticators' notes are kept as internal attributes, so that a login
 * begun on one node completes on another. Tomcat hands the web app its usual {@code StandardSessionFacade} over this
 * object.
 */
final class BatonTomcatSession extends StandardSession {

    private static final long serialVersionUID = 1L;
    private static final String PRINCIPAL = BatonSession.INTERNAL_PREFIX + "principal";
    private static final String AUTH_TYPE = BatonSession.INTERNAL_PREFIX + "authType";
    private static final String NOTE = BatonSession.INTERNAL_PREFIX + "note.";

    private final transient BatonSession session;
    private transient Principal principal;
    private transient volatile Instant accessBegan;

    BatonTomcatSession(Manager manager, BatonSession session) {
        super(manager);
        this.session = session;
        this.isValid = true;
    }

    BatonSession batonSession() {
        return session;
    }

    @Override
    public String getId() {
        return session.getId();
    }

    @Override
    public String getIdInternal() {
        return session.getId();
    }

    @Override
    public void setId(String id) {
        throw new UnsupportedOperationException("Baton sessions change ID through Manager.rotateSessionId");
    }

    @Override
    public void setId(String id, boolean notify) {
        setId(id);
    }

    @Override
    public long getCreationTime() {
        return session.getCreationTime().toEpochMilli();
    }

    @Override
    public long getCreationTimeInternal() {
        return session.isValid() ? session.getCreationTime().toEpochMilli() : 0;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccesses().lastAccessed(session);
    }

    @Override
    public long getLastAccessedTimeInternal() {
        return session.isValid() ? lastAccesses().lastAccessed(session) : 0;
    }

    private LastAccesses lastAccesses() {
        return ((BatonSessionManager) manager).lastAccesses();
    }

    /** The interval as last set, as {@code StandardSession} keeps it: 0 stays 0, a negative value stays. */
    @Override
    public int getMaxInactiveInterval() {
        return SessionIntervals.seconds(session.getMaxInactiveInterval());
    }

    /**
     * @param interval seconds; 0 or less: never expires
     */
    @Override
    public void setMaxInactiveInterval(int interval) {
        session.setMaxInactiveInterval(Duration.ofSeconds(interval));
    }

    @Override
    public boolean isNew() {
        return session.isNew();
    }

    @Override
    public void setNew(boolean isNew) {
        // Decided by the request logic: new until the client comes back with it.
    }

    @Override
    public boolean isValid() {
        return session.isValid();
    }

    @Override
    public void setValid(boolean isValid) {
        // Decided by the request logic.
    }

    @Override
    public void invalidate() {
        session.invalidate();
    }

    @Override
    public void expire() {
        if (session.isValid()) {
            session.invalidate();
        }
    }

    @Override
    public void expire(boolean notify) {
        expire();
    }

    @Override
    public void tellNew() {
        // sessionCreated was fired by the request logic when the session was created.
    }

    @Override
    public void access() {
        // The stored access time is the request logic's (coalesced by touchInterval); this node remembers its own.
        accessBegan = Instant.now();
        CrossContextSessions.accessed(session);
    }

    /** Dates this request's access from the request's start rather than from {@link #access()}. */
    void accessBegan(Instant at) {
        accessBegan = at;
    }

    @Override
    public void endAccess() {
        // Saving is the valve's; a cross-context dispatch's session is saved as its dispatch ends.
        Instant began = accessBegan;
        if (began != null && session.isValid()) {
            lastAccesses().record(session.getId(), began);
        }
        CrossContextSessions.ended(session);
    }

    @Override
    public void recycle() {
        // Nothing is pooled.
    }

    @Override
    public Object getAttribute(String name) {
        if (name != null && name.startsWith(BatonSession.INTERNAL_PREFIX)) {
            return null;
        }
        return session.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        setAttribute(name, value, true);
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        if (name != null && name.startsWith(BatonSession.INTERNAL_PREFIX)) {
            throw new IllegalArgumentException("setAttribute: names starting with NUL are reserved");
        }
        session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        removeAttribute(name, true);
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        session.removeAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(session.getAttributeNames());
    }

    @Override
    public boolean isAttributeDistributable(String name, Object value) {
        return true;
    }

    @Override
    public Principal getPrincipal() {
        if (principal == null && session.isValid()) {
            Object stored = session.getInternalAttribute(PRINCIPAL);
            if (stored instanceof ReplicatedAuth.PrincipalData data) {
                principal = data.toPrincipal();
            }
        }
        return principal;
    }

    @Override
    public void setPrincipal(Principal principal) {
        this.principal = principal;
        session.setInternalAttribute(PRINCIPAL, principal == null ? null : ReplicatedAuth.PrincipalData.of(principal));
        session.setPrincipalName(principal == null ? null : principal.getName());
    }

    @Override
    public String getAuthType() {
        return session.isValid() ? (String) session.getInternalAttribute(AUTH_TYPE) : null;
    }

    @Override
    public void setAuthType(String authType) {
        session.setInternalAttribute(AUTH_TYPE, authType);
    }

    @Override
    public Object getNote(String name) {
        if (!session.isValid()) {
            return super.getNote(name);
        }
        Object stored = session.getInternalAttribute(NOTE + name);
        if (stored instanceof ReplicatedAuth.SavedRequestData saved) {
            return saved.toSavedRequest();
        }
        if (stored instanceof ReplicatedAuth.PrincipalData data) {
            return data.toPrincipal();
        }
        return stored != null ? stored : super.getNote(name);
    }

    @Override
    public void setNote(String name, Object value) {
        Object replicated = replicable(name, value);
        if (replicated != null && session.isValid()) {
            session.setInternalAttribute(NOTE + name, replicated);
        } else {
            super.setNote(name, value);
        }
    }

    @Override
    public void removeNote(String name) {
        if (session.isValid()) {
            session.setInternalAttribute(NOTE + name, null);
        }
        super.removeNote(name);
    }

    @Override
    public Iterator<String> getNoteNames() {
        Set<String> names = new LinkedHashSet<>();
        super.getNoteNames().forEachRemaining(names::add);
        return names.iterator();
    }

    /**
     * The stored form of a note that another node needs, or {@code null} for notes that stay on this node: a
     * password ({@code cache="false"} FORM login) never leaves it.
     */
    private static Object replicable(String name, Object value) {
        if (Constants.SESS_PASSWORD_NOTE.equals(name)) {
            return null;
        }
        if (value instanceof String) {
            return value;
        }
        if (value instanceof SavedRequest saved) {
            return ReplicatedAuth.SavedRequestData.of(saved);
        }
        if (value instanceof Principal principal) {
            return ReplicatedAuth.PrincipalData.of(principal);
        }
        return null;
    }

    @Override
    public String toString() {
        return "BatonTomcatSession[" + LogIds.hash(session.getId()) + "]";
    }
}
