/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.LockScenarios;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import java.util.Map;

/** The lock scenarios through Baton's Tomcat manager on PostgreSQL. */
class ManagerPostgresLockIT extends LockScenarios {

    @Override
    protected String storeUri() {
        return TestServices.postgresUrl();
    }

    @Override
    protected Node startNode(Map<String, String> settings, LockProbeServlet app) {
        return ManagerRedisLockIT.startWithManager(settings, app);
    }
}
