/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardEngine;
import org.apache.catalina.core.StandardHost;
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

    @Test
    void startWhenTheRootWebAppIsMisconfiguredThenTheErrorNamesItAsSlash() {
        StandardEngine engine = new StandardEngine();
        engine.setName("Catalina");
        StandardHost host = new StandardHost();
        host.setName("localhost");
        engine.addChild(host);
        StandardContext root = new StandardContext();
        root.setPath("");
        host.addChild(root);
        BatonSessionManager manager = new BatonSessionManager();
        manager.setProperty("store", "memory:");
        manager.setProperty("nearCacheSize", "lots");
        manager.setContext(root);

        assertThatThrownBy(manager::start).isInstanceOf(LifecycleException.class)
                .satisfies(e -> assertThat(e).hasStackTraceContaining("Baton sessions for / can't start: ")
                        .hasStackTraceContaining("nearCacheSize"));
    }
}
