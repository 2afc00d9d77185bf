/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.SessionStore;
import dev.baton.servlet.TwoNodeScenarios;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import org.apache.catalina.core.StandardContext;

/**
 * The filter's two-node scenarios with Baton's Tomcat manager instead: no filter, the Manager set on each node's
 * context as {@code context.xml} would, Tomcat's own JSESSIONID cookie.
 */
abstract class ManagerScenarios extends TwoNodeScenarios {

    @Override
    protected Node.Factory container() {
        return new TomcatNodes();
    }

    @Override
    protected Node startNode(SessionStore store, ProbeServlet app) {
        return startNode(store, app, 30);
    }

    @Override
    protected Node startNode(SessionStore store, ProbeServlet app, int sessionTimeoutMinutes) {
        return new TomcatNodes().startConfigured(app, context -> {
            context.setSessionTimeout(sessionTimeoutMinutes);
            BatonSessionManager manager = new BatonSessionManager();
            manager.setProperty("store", storeUri());
            manager.setProperty("keyPrefix", config.keyPrefix());
            manager.setProperty("tableName", config.tableName());
            manager.setProperty("createSchema", "true");
            manager.setProperty("nearCacheSize", nearCacheSize());
            manager.useStore(store);
            manager.setProcessExpiresFrequency(1);
            ((StandardContext) context).setBackgroundProcessorDelay(1);
            context.setManager(manager);
            ((StandardContext) context).addApplicationLifecycleListener(listener);
            configure((StandardContext) context);
        });
    }

    /**
     * Changes each node's context before it starts, as its {@code web.xml} or {@code context.xml} would; by default
     * nothing.
     *
     * @param context the node's context
     */
    protected void configure(StandardContext context) {
    }

    @Override
    protected String cookieName() {
        return "JSESSIONID";
    }

    @Override
    protected boolean clearsCookieOnInvalidate() {
        return false;
    }
}
