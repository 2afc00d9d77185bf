package dev.baton.redis;

import dev.baton.core.contract.LockHolderKilledContract;
import dev.baton.core.testing.TestServices;

class RedisLockHolderKilledIT extends LockHolderKilledContract {

    @Override
    protected String storeUri() {
        return TestServices.redisUri();
    }
}
