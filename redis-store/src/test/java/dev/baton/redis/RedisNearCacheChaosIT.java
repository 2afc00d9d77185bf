/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.BatonConfig;
import dev.baton.core.contract.NearCacheChaos;
import dev.baton.core.contract.NearCacheNodes;
import dev.baton.core.testing.TestServices;

/** The near cache's chaos check on real Redis (a key prefix of its own), fed by pub/sub. */
class RedisNearCacheChaosIT extends NearCacheChaos {

    @Override
    protected BatonConfig.Builder storeConfig(NearCacheNodes nodes) {
        return RedisNearCacheIT.storeConfig(TestServices.redisUri());
    }
}
