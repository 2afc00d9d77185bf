/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.SessionStore;
import dev.baton.servlet.LockOutageScenarios;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;

/** The store going down after the lock was taken, through Baton's Tomcat manager. */
class ManagerLockOutageIT extends LockOutageScenarios {

    @Override
    protected Node startNode(SessionStore store, LockProbeServlet app) {
        return new TomcatNodes().startConfigured(app, context -> {
            BatonSessionManager manager = new BatonSessionManager();
            SETTINGS.forEach(manager::setProperty);
            manager.useStore(store);
            context.setManager(manager);
        });
    }
}
