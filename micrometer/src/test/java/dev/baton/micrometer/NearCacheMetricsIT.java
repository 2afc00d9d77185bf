/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.BatonSessionFilter;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code baton.nearcache.hits} on an embedded Tomcat node with the near cache on by default (Redis): reads the node
 * serves from its copy are counted there and not as store loads, so hits and loads together count every read.
 */
class NearCacheMetricsIT {

    @Test
    void readsWhenServedFromNearCacheThenCountedAsHitsNotLoads() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        BatonMetrics metrics = new BatonMetrics();
        metrics.bindTo(registry);
        String prefix = "baton-metrics-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri()).set("keyPrefix", prefix).build();
        BatonSessionFilter filter = BatonSessionFilter.builder(config).metrics(metrics).application("shop").build();
        try (Node node = new TomcatNodes().start(filter, new ProbeServlet(new CountDownLatch(0)))) {
            Browser user = new Browser();
            assertThat(user.get(node, "/set?name=cart&value=book").statusCode()).isEqualTo(200);
            // The feed connects in the background: read until the node serves a read from its copy.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                assertThat(user.get(node, "/get?name=cart").body()).isEqualTo("book");
                return hits(registry) > 0;
            });
            double hitsBefore = hits(registry);
            long loadsBefore = loads(registry);

            for (int i = 0; i < 20; i++) {
                assertThat(user.get(node, "/get?name=cart").body()).isEqualTo("book");
            }

            assertThat(hits(registry) - hitsBefore).isEqualTo(20);
            assertThat(loads(registry) - loadsBefore).isZero();
        }
    }

    private static double hits(MeterRegistry registry) {
        return registry.get("baton.nearcache.hits").tags("store", "redis", "application", "shop").counter().count();
    }

    private static long loads(MeterRegistry registry) {
        return registry.find("baton.store.calls").tags("application", "shop", "operation", "load").timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
