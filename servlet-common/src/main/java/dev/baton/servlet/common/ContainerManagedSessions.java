/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import jakarta.servlet.ServletContext;

/**
 * How a container-level Baton session manager (the Tomcat manager) tells a web app's own Baton filter that it already
 * replicates the app's sessions, so that the filter steps aside and one WAR runs unchanged with either. A servlet
 * context attribute, not a class, because the manager and the app may each load their own copy of Baton.
 */
public final class ContainerManagedSessions {

    /** The servlet context attribute that says so. */
    public static final String ATTRIBUTE = "dev.baton.container-managed-sessions";

    private ContainerManagedSessions() {
    }

    /**
     * @param context the web app whose sessions the container's manager replicates
     */
    public static void declare(ServletContext context) {
        context.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    /**
     * @param context the web app
     * @return whether the container's manager replicates its sessions
     */
    public static boolean declared(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) != null;
    }
}
