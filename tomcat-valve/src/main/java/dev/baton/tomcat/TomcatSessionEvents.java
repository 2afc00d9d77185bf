/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.BatonSession;
import dev.baton.core.SessionEventListener;
import dev.baton.core.SessionScope;
import dev.baton.servlet.common.ServletSessionEvents;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import org.apache.catalina.Context;

/**
 * The web app's session listeners, as Tomcat knows them (declared in web.xml, annotated, or added through
 * {@code ServletContext.addListener}), read from the context whenever they change, and fired through
 * {@link ServletSessionEvents} with Tomcat's session facades.
 */
final class TomcatSessionEvents implements SessionEventListener {

    private final Context context;
    private final BatonSessionManager manager;
    private Object[] seenEventListeners;
    private Object[] seenLifecycleListeners;
    private ServletSessionEvents events;

    TomcatSessionEvents(Context context, BatonSessionManager manager) {
        this.context = context;
        this.manager = manager;
    }

    private synchronized ServletSessionEvents events() {
        Object[] eventListeners = context.getApplicationEventListeners();
        Object[] lifecycleListeners = context.getApplicationLifecycleListeners();
        if (events == null || eventListeners != seenEventListeners || lifecycleListeners != seenLifecycleListeners) {
            ServletSessionEvents fresh = new ServletSessionEvents(s -> manager.wrap(s).getSession());
            // Tomcat lists a listener of several kinds in both arrays: add each instance once.
            java.util.Set<Object> added = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Object[] listeners : new Object[][] {lifecycleListeners, eventListeners}) {
                for (Object listener : listeners == null ? new Object[0] : listeners) {
                    if ((listener instanceof HttpSessionListener || listener instanceof HttpSessionAttributeListener
                            || listener instanceof HttpSessionIdListener) && added.add(listener)) {
                        fresh.add((EventListener) listener);
                    }
                }
            }
            events = fresh;
            seenEventListeners = eventListeners;
            seenLifecycleListeners = lifecycleListeners;
        }
        return events;
    }

    @Override
    public void sessionCreated(BatonSession session) {
        // Every web app of a Tomcat may share the store's namespace (conf/context.xml): this session is this one's.
        SessionScope.mark(manager.engine(), session);
        events().sessionCreated(session);
    }

    @Override
    public void sessionDestroyed(BatonSession session) {
        events().sessionDestroyed(session);
    }

    @Override
    public void sessionIdChanged(BatonSession session, String oldId) {
        events().sessionIdChanged(session, oldId);
    }

    @Override
    public void attributeAdded(BatonSession session, String name, Object value) {
        events().attributeAdded(session, name, value);
    }

    @Override
    public void attributeReplaced(BatonSession session, String name, Object oldValue) {
        events().attributeReplaced(session, name, oldValue);
    }

    @Override
    public void attributeRemoved(BatonSession session, String name, Object value) {
        events().attributeRemoved(session, name, value);
    }

    @Override
    public void valueBound(BatonSession session, String name, Object value) {
        events().valueBound(session, name, value);
    }

    @Override
    public void valueUnbound(BatonSession session, String name, Object value) {
        events().valueUnbound(session, name, value);
    }

    /** {@inheritDoc} Answered without the context's listeners: only the value's class decides. */
    @Override
    public boolean observesActivation(Object value) {
        return ServletSessionEvents.isActivationListener(value);
    }

    @Override
    public void valueActivated(BatonSession session, String name, Object value) {
        events().valueActivated(session, name, value);
    }

    @Override
    public void valueWillPassivate(BatonSession session, String name, Object value) {
        events().valueWillPassivate(session, name, value);
    }
}
