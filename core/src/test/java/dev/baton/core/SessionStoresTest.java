/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.memory.InMemorySessionStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SessionStoresTest {

    private static StoreContext context(String uri) {
        return new StoreContext(BatonConfig.builder().store(uri).build(), Clock.systemUTC());
    }

    @Test
    void openWhenSchemeIsMemoryThenInMemoryStore() {
        try (SessionStore store = SessionStores.open(context("memory:"), getClass().getClassLoader())) {
            assertThat(store).isInstanceOf(InMemorySessionStore.class);
        }
    }

    @Test
    void openWhenNoProviderForSchemeThenMessageSaysWhichArtifactAddsIt() {
        assertThatThrownBy(() -> SessionStores.open(context("redis-cluster://u:pw@h:7000"),
                new ClassLoader(null) { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("store=redis-cluster://u:****@h:7000: no store for scheme 'redis-cluster'")
                .hasMessageEndingWith("add dev.baton:baton-redis-store");
    }

    @Test
    void openWhenTheGivenLoaderSeesNoStoreThenBatonsOwnLoaderIsAsked() {
        // A filter in a shared library: the web app's loader (here one that sees nothing) has no provider (issue 19).
        ClassLoader webAppSeesNothing = new ClassLoader(null) { };

        try (SessionStore store = SessionStores.open(context("memory:"), webAppSeesNothing)) {
            assertThat(store).isInstanceOf(InMemorySessionStore.class);
        }
    }

    @Test
    void openWhenMemoryUriHasAnAddressThenRefused() {
        assertThatThrownBy(() -> SessionStores.open(context("memory://host"), getClass().getClassLoader()))
                .hasMessage("store=memory://host: the memory store takes no address; write store=memory:");
    }
}
