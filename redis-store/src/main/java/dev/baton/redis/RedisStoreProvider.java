package dev.baton.redis;

import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreProvider;
import dev.baton.core.StoreContext;
import java.util.Set;

/** Opens {@link RedisSessionStore}s for {@code redis}, {@code rediss}, {@code redis-sentinel} and {@code redis-cluster}. */
public final class RedisStoreProvider implements SessionStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss", "redis-sentinel", "redis-cluster");
    }

    @Override
    public SessionStore open(StoreContext context) {
        return new RedisSessionStore(context);
    }
}
