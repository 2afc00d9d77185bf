/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.LockScenarios;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import java.util.Map;

/** The lock scenarios through Baton's Tomcat manager, configured as {@code context.xml} would, on Redis. */
class ManagerRedisLockIT extends LockScenarios {

    @Override
    protected String storeUri() {
        return TestServices.redisUri();
    }

    @Override
    protected Node startNode(Map<String, String> settings, LockProbeServlet app) {
        return startWithManager(settings, app);
    }

    static Node startWithManager(Map<String, String> settings, LockProbeServlet app) {
        return new TomcatNodes().startConfigured(app, context -> {
            BatonSessionManager manager = new BatonSessionManager();
            settings.forEach(manager::setProperty);
            context.setManager(manager);
        });
    }
}
