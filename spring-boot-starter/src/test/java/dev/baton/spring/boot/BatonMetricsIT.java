/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import dev.baton.micrometer.BatonMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With Actuator (and so Micrometer) on the class path, the starter binds Baton's meters to Boot's registry on its
 * own, tagged with {@code spring.application.name}, and they count what the app's requests did.
 */
class BatonMetricsIT {

    @Test
    void metricsWhenActuatorIsPresentThenBatonMetersAreBoundAndCount() {
        try (BootNode node = BootNode.start("baton.store=" + TestServices.redisUri(),
                "baton.keyPrefix=boot-metrics-it:" + UUID.randomUUID() + ":", "spring.application.name=shop",
                "management.endpoints.web.exposure.include=metrics")) {
            HttpClient browser = BootNode.browser();
            assertThat(node.get(browser, "/add?item=book").statusCode()).isEqualTo(200);
            assertThat(node.get(browser, "/add?item=pen").statusCode()).isEqualTo(200);
            assertThat(node.get(browser, "/cart").body()).contains("book", "pen");

            MeterRegistry registry = node.context().getBean(MeterRegistry.class);
            assertThat(node.context().getBeansOfType(BatonMetrics.class)).hasSize(1);
            assertThat(registry.get("baton.session.creations").tags("store", "redis", "application", "shop").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("baton.store.calls").tags("application", "shop", "operation", "save",
                    "outcome", "success").timer().count()).isEqualTo(2);
            assertThat(node.get(browser, "/actuator/metrics/baton.session.creations").body())
                    .contains("\"name\":\"baton.session.creations\"", "\"value\":1.0", "\"shop\"");
        }
    }
}
