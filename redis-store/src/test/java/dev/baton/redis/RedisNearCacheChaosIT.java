/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.BatonConfig;
import dev.baton.core.contract.NearCacheChaos;
import dev.baton.core.contract.NearCacheNodes;
import dev.baton.core.testing.TestServices;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The near cache's chaos check on real Redis (a key prefix of its own), fed by pub/sub. */
class RedisNearCacheChaosIT extends NearCacheChaos {

    @Override
    protected BatonConfig.Builder storeConfig(NearCacheNodes nodes) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        return BatonConfig.builder().store(TestServices.redisUri()).set("keyPrefix", "baton-chaos-" + unique + ":");
    }
}
