/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.redis.testing.RedisServers;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.StoreOutage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A private Redis killed under a running node of each container: requests fail fast with 503, and work again when it
 * is back.
 */
class StoreDownIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.baton.servlet.testing.Containers#all")
    void requestWhenStoreIsDownThenFast503WithRetryAfterAndRecoveryWhenBack(Node.Factory container) {
        CountDownLatch release = new CountDownLatch(1);
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                    .set("storeTimeout", "500ms").build();
            try (Node node = container.start(BatonSessionFilter.builder(config).build(),
                    new ProbeServlet(release))) {
                Browser browser = new Browser();
                assertThat(browser.get(node, "/set?name=a&value=1").statusCode()).isEqualTo(200);

                redis.kill();

                // Without the near-cache token: a read with it may be served from the node's copy until the feed
                // notices the outage (within InvalidationFeed.LIVENESS_BOUND); this read must ask the store.
                Browser withoutToken = new Browser();
                browser.cookies().forEach((name, value) -> {
                    if (!name.endsWith("_v")) {
                        withoutToken.setCookie(name, value);
                    }
                });
                long start = System.nanoTime();
                HttpResponse<String> down = withoutToken.get(node, "/get?name=a");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).contains("1");
                assertThat(took).isLessThan(Duration.ofMillis(1500));
                assertThat(browser.get(node, "/noop").statusCode()).as("no session, no store").isEqualTo(200);

                redis.restart();

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> browser.get(node, "/create").statusCode() == 200);
                assertThat(browser.get(node, "/set?name=b&value=2").statusCode()).isEqualTo(200);
                assertThat(browser.get(node, "/get?name=b").body()).isEqualTo("2");
            } finally {
                release.countDown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.baton.servlet.testing.Containers#all")
    void startWhenStoreIsDownThenNodeStartsAnswers503AndServesOnceStoreAnswers(Node.Factory container) {
        // Issue 18, bug 12: the web app failed to start, and the container does not retry.
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            redis.kill();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port)
                    .set("storeTimeout", "500ms").build();
            try (Node node = container.start(BatonSessionFilter.builder(config).build(),
                    new ProbeServlet(new CountDownLatch(0)))) {
                StoreOutage.assert503UntilRedisIsBack(node, redis);
            }
        }
    }
}
