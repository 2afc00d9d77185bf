/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import org.junit.jupiter.api.Test;

/** What one manager keeps per thread is its own: the jar in Tomcat's lib/ serves every web app's manager. */
class BatonSessionManagerTest {

    @Test
    void currentWhenAnotherContextsManagerBoundARequestThenThisManagerSeesNone() {
        BatonSessionManager shop = new BatonSessionManager();
        BatonSessionManager admin = new BatonSessionManager();
        try (SessionEngine engine = SessionEngine.builder(BatonConfig.builder().store("memory:").build()).build()) {
            SessionRequest request = engine.newRequest(null);

            shop.bind(request);
            try {
                assertThat(shop.current()).isSameAs(request);
                assertThat(admin.current()).as("a request forwarded to another context").isNull();
            } finally {
                shop.unbind();
            }
        }
    }
}
