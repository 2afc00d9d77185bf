/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.core.testing.TestServices;
import java.util.List;
import java.util.UUID;

/** {@link ConcurrentSessionScenarios} on the shared Redis, under a key prefix per test. */
class RedisConcurrentSessionsIT extends ConcurrentSessionScenarios {

    private final String prefix = "boot-cs:" + UUID.randomUUID() + ":";

    @Override
    protected List<String> storeProperties() {
        return List.of("baton.store=" + TestServices.redisUri(), "baton.keyPrefix=" + prefix);
    }
}
