/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import java.time.Clock;

class TomcatMemoryStoreIT extends TwoNodeScenarios {

    private final InMemorySessionStore shared = new InMemorySessionStore(Clock.systemUTC());

    @Override
    protected Node.Factory container() {
        return new TomcatNodes();
    }

    @Override
    protected SessionStore openStore(BatonConfig config) {
        return shared;
    }

    @Override
    protected String storeUri() {
        return "memory:";
    }
}
