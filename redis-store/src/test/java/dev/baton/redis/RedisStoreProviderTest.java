/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStoreProvider;
import dev.baton.core.StoreContext;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider's registration and the checks made before any connection is opened. */
class RedisStoreProviderTest {

    @Test
    void serviceLoaderWhenRedisStoreOnClassPathThenProviderServesEverySchemeAndItsTlsForm() {
        assertThat(ServiceLoader.load(SessionStoreProvider.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(RedisStoreProvider.class::isInstance).findFirst())
                .hasValueSatisfying(provider -> assertThat(provider.schemes())
                        .containsExactlyInAnyOrder("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster",
                                "rediss-cluster"));
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

    @Test
    void openWhenUriMalformedThenNeitherMessageNorCauseShowsThePassword() {
        // Regression (issue 18, item 5): the error carried Lettuce's message, which quotes the whole URI.
        for (String uri : List.of("redis://user:s3 cr3t@cache:6379", "rediss://s3cr3t@[cache",
                "redis://user:p@s3cr3t @cache", "redis-sentinel://:s3cr3t@h1:26379,h 2/0?sentinelMasterId=m",
                "redis-cluster://user:s3cr3t@h1:7000,h{2}", "rediss-sentinel://:s3cr3t@h1:26379,h 2/0?sentinelMasterId=m",
                "rediss-cluster://user:s3cr3t@h1:7000,h{2}")) {
            BatonConfig config = BatonConfig.builder().store(uri).build();

            assertThatThrownBy(() -> new RedisStoreProvider().open(new StoreContext(config, Clock.systemUTC())))
                    .as(uri).isInstanceOfSatisfying(IllegalArgumentException.class, e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t").doesNotContain("cr3t");
                        }
                        assertThat(e.getMessage()).contains("****");
                    });
        }
    }
}
