package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStoreProvider;
import dev.baton.core.StoreContext;
import java.time.Clock;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider's registration and the checks made before any connection is opened. */
class RedisStoreProviderTest {

    @Test
    void serviceLoaderWhenRedisStoreOnClassPathThenProviderServesAllFourSchemes() {
        assertThat(ServiceLoader.load(SessionStoreProvider.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(RedisStoreProvider.class::isInstance).findFirst())
                .hasValueSatisfying(provider -> assertThat(provider.schemes())
                        .containsExactlyInAnyOrder("redis", "rediss", "redis-sentinel", "redis-cluster"));
    }

    @Test
    void openWhenClusterWithReplicaAcksThenIllegalArgumentBeforeConnecting() {
        BatonConfig config = BatonConfig.builder().store("redis-cluster://user:secret@127.0.0.1:1,127.0.0.1:2")
                .set("replicaAcks", "1").build();

        assertThatThrownBy(() -> new RedisStoreProvider().open(new StoreContext(config, Clock.systemUTC())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaAcks=1 is not supported with redis-cluster")
                .hasMessageNotContaining("secret");
    }
}
