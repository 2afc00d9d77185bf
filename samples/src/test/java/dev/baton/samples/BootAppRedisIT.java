/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import dev.baton.core.testing.TestServices;

/** {@link BootAppScenarios} on the shared Redis, keys under Baton's default prefix. */
class BootAppRedisIT extends BootAppScenarios {

    @Override
    String store() {
        return TestServices.redisUri();
    }

    @Override
    void dropStore() {
        // The sessions expire by themselves; their IDs are random, so no other test meets them.
    }
}
