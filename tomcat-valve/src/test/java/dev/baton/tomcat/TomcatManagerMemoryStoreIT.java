/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.memory.InMemorySessionStore;
import java.time.Clock;

class TomcatManagerMemoryStoreIT extends ManagerScenarios {

    private final InMemorySessionStore shared = new InMemorySessionStore(Clock.systemUTC());

    @Override
    protected SessionStore openStore(BatonConfig config) {
        return shared;
    }

    @Override
    protected String storeUri() {
        return "memory:";
    }
}
