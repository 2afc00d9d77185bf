/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener a web app declares to its container, as {@code web.xml}'s {@code <listener>} does; also a
 * {@code ServletContextListener}, so that its events show whether the instance is the one the container initialised.
 */
public final class AppSessionListener implements ServletContextListener, HttpSessionListener,
        HttpSessionAttributeListener, HttpSessionIdListener {

    /** Every event, as a short string; {@code !} marks an instance the container never initialised. */
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    private volatile boolean initialised;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        initialised = true;
    }

    private void log(String event) {
        LOG.add(initialised ? event : event + "!");
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        log("created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        log("destroyed");
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        log("added:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        log("removed:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        log("replaced:" + event.getName() + "=" + event.getValue());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        log("idChanged:" + !oldSessionId.equals(event.getSession().getId()));
    }
}
