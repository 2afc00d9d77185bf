/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;

class FilterLockOutageIT extends LockOutageScenarios {

    @Override
    protected Node startNode(SessionStore store, LockProbeServlet app) {
        BatonConfig.Builder config = BatonConfig.builder();
        SETTINGS.forEach(config::set);
        return new TomcatNodes().start(BatonSessionFilter.builder(config.build()).store(store).build(), app, 30);
    }
}
