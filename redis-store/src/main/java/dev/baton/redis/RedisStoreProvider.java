/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreProvider;
import dev.baton.core.StoreContext;
import java.util.Set;

/**
 * Opens {@link RedisSessionStore}s for {@code redis}, {@code redis-sentinel} and {@code redis-cluster}, and their TLS
 * forms {@code rediss}, {@code rediss-sentinel} and {@code rediss-cluster}.
 */
public final class RedisStoreProvider implements SessionStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster");
    }

    @Override
    public SessionStore open(StoreContext context) {
        return new RedisSessionStore(context);
    }
}
