/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session value that records the binding and activation calls it receives, across nodes, in a shared log. */
public final class BindingProbe implements HttpSessionBindingListener, HttpSessionActivationListener, Serializable {

    private static final long serialVersionUID = 1L;

    /** Every call any probe received, as {@code label:event}. Tests clear it first. */
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    private String label;

    /** For codecs. */
    public BindingProbe() {
    }

    /** @param label names the probe in the log */
    public BindingProbe(String label) {
        this.label = label;
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
        LOG.add(label + ":bound:" + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        LOG.add(label + ":unbound:" + event.getName());
    }

    @Override
    public void sessionWillPassivate(HttpSessionEvent event) {
        LOG.add(label + ":passivate");
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent event) {
        LOG.add(label + ":activate");
    }

    @Override
    public String toString() {
        return "probe " + label;
    }
}
