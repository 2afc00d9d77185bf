/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.contract.LockHolderKilledContract;
import dev.baton.core.testing.TestServices;

class RedisLockHolderKilledIT extends LockHolderKilledContract {

    @Override
    protected String storeUri() {
        return TestServices.redisUri();
    }
}
