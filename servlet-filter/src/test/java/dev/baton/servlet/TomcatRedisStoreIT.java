/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import java.time.Clock;

class TomcatRedisStoreIT extends TwoNodeScenarios {

    @Override
    protected Node.Factory container() {
        return new TomcatNodes();
    }

    @Override
    protected SessionStore openStore(BatonConfig config) {
        return SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
    }

    @Override
    protected String storeUri() {
        return TestServices.redisUri();
    }
}
