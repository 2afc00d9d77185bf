/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener the filter instantiates from its class name; records every event in a shared log. */
public final class RecordingSessionListener
        implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

    /** Every event, as a short string. Tests clear it first. */
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        LOG.add("created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        LOG.add("destroyed");
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        LOG.add("added:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        LOG.add("removed:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        LOG.add("replaced:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        LOG.add("idChanged");
    }
}
