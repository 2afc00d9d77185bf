/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.BatonConfig;
import dev.baton.core.contract.NearCacheChaos;
import dev.baton.core.contract.NearCacheNodes;

/** The near cache's chaos check on PostgreSQL (a table of its own), fed by {@code LISTEN/NOTIFY}. */
class PostgresNearCacheChaosIT extends NearCacheChaos {

    @Override
    protected BatonConfig.Builder storeConfig(NearCacheNodes nodes) {
        return PostgresNearCacheIT.tableOfItsOwn(nodes);
    }
}
