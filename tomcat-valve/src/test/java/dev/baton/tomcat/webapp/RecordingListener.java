/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat.webapp;

import dev.baton.tomcat.WebAppEvents;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** Records each session event as {@code <node> <how declared> <event>}, the node named by a context-param. */
public abstract class RecordingListener implements HttpSessionListener, HttpSessionAttributeListener {

    private final String declaredBy;

    protected RecordingListener(String declaredBy) {
        this.declaredBy = declaredBy;
    }

    private void record(HttpSessionEvent event, String what) {
        WebAppEvents.LOG.add(event.getSession().getServletContext().getInitParameter("node") + " " + declaredBy + " "
                + what);
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        record(event, "created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        record(event, "destroyed");
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        record(event, "added:" + event.getName());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        record(event, "replaced:" + event.getName());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        record(event, "removed:" + event.getName());
    }
}
