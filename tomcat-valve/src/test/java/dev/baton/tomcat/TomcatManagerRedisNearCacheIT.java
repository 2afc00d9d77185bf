/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.time.Clock;

/** Every two-node scenario of the manager with the near cache on: what an app sees is unchanged. */
class TomcatManagerRedisNearCacheIT extends ManagerScenarios {

    @Override
    protected String nearCacheSize() {
        return "1MiB";
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
