/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.redis.testing.RedisServers;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import dev.baton.servlet.testing.WithHealth;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code BatonHealthServlet} in a web app whose sessions the Tomcat manager replicates (no filter): the manager
 * publishes its store's check, which flips to 503 within {@code storeTimeout} of the store stopping and back to 200.
 */
class ManagerHealthIT {

    @Test
    void healthWhenManagerStoreStopsThen503WithinStoreTimeoutAnd200WhenBack() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            try (Node node = new TomcatNodes().startConfigured(new WithHealth(new ProbeServlet(new CountDownLatch(0))),
                    context -> {
                        BatonSessionManager manager = new BatonSessionManager();
                        manager.setProperty("store", "redis://127.0.0.1:" + redis.port);
                        manager.setProperty("storeTimeout", "500ms");
                        context.setManager(manager);
                    })) {
                Browser browser = new Browser();
                HttpResponse<String> up = browser.get(node, "/health");
                assertThat(up.statusCode()).isEqualTo(200);
                assertThat(up.body()).startsWith("{\"status\":\"UP\",\"store\":\"redis\",");

                redis.freeze();
                try {
                    long start = System.nanoTime();
                    HttpResponse<String> down = browser.get(node, "/health");
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(down.statusCode()).isEqualTo(503);
                    assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"reason\":\"");
                    assertThat(took).isLessThan(Duration.ofMillis(1200));
                } finally {
                    redis.thaw();
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> browser.get(node, "/health").statusCode() == 200);
            }
        }
    }
}
