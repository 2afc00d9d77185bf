/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.redis.testing.RedisServers;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.StoreOutage;
import dev.baton.servlet.testing.TomcatNodes;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

/**
 * A store that is down when the web app starts (issue 18, bug 12): the web app starts anyway, requests that need
 * their session get 503 with {@code Retry-After} while it is down, and everything works once it answers, with no
 * restart.
 */
class ManagerStoreDownAtStartIT {

    @Test
    void startWhenStoreIsDownThenWebAppStartsAnswers503AndServesOnceStoreAnswers() {
        Context[] started = {null};
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            redis.kill();
            try (Node node = new TomcatNodes().startConfigured(new ProbeServlet(new CountDownLatch(0)), context -> {
                BatonSessionManager manager = new BatonSessionManager();
                manager.setProperty("store", "redis://127.0.0.1:" + redis.port);
                manager.setProperty("storeTimeout", "500ms");
                context.setManager(manager);
                started[0] = context;
            })) {
                assertThat(started[0].getState()).isEqualTo(LifecycleState.STARTED);
                StoreOutage.assert503UntilRedisIsBack(node, redis);
            }
        }
    }
}
