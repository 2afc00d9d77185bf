package dev.baton.redis;

import dev.baton.core.contract.SessionStoreContract;
import dev.baton.core.testing.TestServices;

/** The store contract against the shared Redis (standalone), each test under its own key prefix. */
class RedisSessionStoreIT extends SessionStoreContract {

    @Override
    protected String storeUri() {
        return TestServices.redisUri();
    }
}
