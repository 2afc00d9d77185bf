/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import java.util.Map;

class FilterPostgresLockIT extends LockScenarios {

    @Override
    protected String storeUri() {
        return TestServices.postgresUrl();
    }

    @Override
    protected Node startNode(Map<String, String> settings, LockProbeServlet app) {
        return new TomcatNodes().startDeclared(settings, 30, app);
    }
}
