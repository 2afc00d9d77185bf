/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.jdbc.testing.PrivatePostgres;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code BatonHealthServlet} behind the filter, on a store of the test's own that it stops and starts again: 200 with
 * the store's kind, masked URI and latency while the store answers; 503 with a reason within {@code storeTimeout} of
 * the store stopping (killed, or hung); 200 again once it is back.
 */
class HealthServletIT {

    private static final Duration STORE_TIMEOUT = Duration.ofMillis(500);
    /** {@code storeTimeout}, plus room for a busy machine to schedule the request. */
    private static final Duration WITHIN_STORE_TIMEOUT = STORE_TIMEOUT.plusMillis(700);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.baton.servlet.testing.Containers#all")
    void healthWhenRedisStopsOrHangsThen503WithinStoreTimeoutAnd200WhenBack(Node.Factory container) {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                    .set("storeTimeout", STORE_TIMEOUT.toMillis() + "ms").build();
            try (Node node = start(container, config)) {
                Browser browser = new Browser();
                HttpResponse<String> up = browser.get(node, "/health");
                assertThat(up.statusCode()).isEqualTo(200);
                assertThat(up.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                assertThat(up.body()).startsWith("{\"status\":\"UP\",\"store\":\"redis\",\"uri\":\"redis://127.0.0.1:"
                        + redis.port).contains("\"latencyMs\":");
                assertThat(browser.cookies()).as("the check never creates a session").isEmpty();

                redis.kill();
                assertDownWithinStoreTimeout(browser, node);
                redis.restart();
                awaitUp(browser, node);

                redis.freeze();
                try {
                    assertDownWithinStoreTimeout(browser, node);
                } finally {
                    redis.thaw();
                }
                awaitUp(browser, node);
            }
        }
    }

    @Test
    void healthWhenPostgresStopsThen503WithinStoreTimeoutAnd200WhenBack() {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            BatonConfig config = BatonConfig.builder().store(postgres.url() + "&password=hunter2")
                    .set("storeTimeout", STORE_TIMEOUT.toMillis() + "ms").set("createSchema", "true").build();
            try (Node node = start(new TomcatNodes(), config)) {
                Browser browser = new Browser();
                HttpResponse<String> up = browser.get(node, "/health");
                assertThat(up.statusCode()).isEqualTo(200);
                assertThat(up.body()).startsWith("{\"status\":\"UP\",\"store\":\"postgresql\",")
                        .contains("\"latencyMs\":", "password=****").doesNotContain("hunter2");
                assertThat(browser.get(node, "/set?name=a&value=1").statusCode()).isEqualTo(200);

                postgres.stopNow();
                HttpResponse<String> down = assertDownWithinStoreTimeout(browser, node);
                assertThat(down.body()).doesNotContain("hunter2");
                postgres.startServer();
                awaitUp(browser, node);
                assertThat(browser.get(node, "/get?name=a").body()).isEqualTo("1");
            }
        }
    }

    private static HttpResponse<String> assertDownWithinStoreTimeout(Browser browser, Node node) {
        long start = System.nanoTime();
        HttpResponse<String> down = browser.get(node, "/health");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).startsWith("{\"status\":\"DOWN\",").contains("\"reason\":\"");
        assertThat(took).isLessThan(WITHIN_STORE_TIMEOUT);
        return down;
    }

    private static void awaitUp(Browser browser, Node node) {
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.get(node, "/health").statusCode() == 200);
    }

    private static Node start(Node.Factory container, BatonConfig config) {
        return container.start(BatonSessionFilter.builder(config).build(),
                new WithHealth(new ProbeServlet(new CountDownLatch(0))));
    }
}
