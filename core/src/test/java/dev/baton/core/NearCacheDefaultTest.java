/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** {@code nearCacheSize} unset: on where the store reports changes, off (and no failure) where it does not. */
class NearCacheDefaultTest {

    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void openWhenUnsetAndStoreHasNoFeedThenOffAndNoTokenSent() {
        try (SessionEngine engine = engine(BatonConfig.builder().store("memory:").build())) {
            SessionRequest request = engine.newRequest(null);
            request.getSession(true).setAttribute("a", "b");
            request.save();

            assertThat(request.versionToSend()).isEmpty();
            assertThat(engine.nearCacheBytes()).isZero();
        }
    }

    @Test
    void openWhenSetAboveZeroAndStoreHasNoFeedThenRefusedNamingTheKey() {
        BatonConfig config = BatonConfig.builder().store("memory:").set("nearCacheSize", "1MiB").build();

        assertThatThrownBy(() -> engine(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nearCacheSize=1048576").hasMessageContaining("nearCacheSize=0");
    }

    @Test
    void defaultSizeThenSixteenthOfTheHeapAtMost64MiB() {
        long heap = Runtime.getRuntime().maxMemory();

        assertThat(NearCache.defaultSize()).isEqualTo(Math.min(64L << 20, heap / 16)).isPositive();
    }

    private SessionEngine engine(BatonConfig config) {
        return SessionEngine.builder(config).store(new InMemorySessionStore(clock)).clock(clock).build();
    }
}
