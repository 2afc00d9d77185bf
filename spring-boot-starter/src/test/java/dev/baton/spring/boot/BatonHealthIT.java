/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.testing.TestServices;
import dev.baton.redis.testing.RedisServers;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code baton} health contributor through Actuator's HTTP endpoint, on a real embedded Tomcat. */
class BatonHealthIT {

    private static final String[] ACTUATOR = {"management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true",
        "management.endpoint.health.group.readiness.include=readinessState,baton"};

    private static String[] properties(String store) {
        String[] all = new String[ACTUATOR.length + 3];
        System.arraycopy(ACTUATOR, 0, all, 0, ACTUATOR.length);
        all[ACTUATOR.length] = "baton.store=" + store;
        all[ACTUATOR.length + 1] = "baton.keyPrefix=boot-health-it:" + UUID.randomUUID() + ":";
        all[ACTUATOR.length + 2] = "baton.storeTimeout=500ms";
        return all;
    }

    @Test
    void healthWhenStoreAnswersThenUpWithKindUriAndLatency() {
        try (BootNode node = BootNode.start(properties(TestServices.redisUri()))) {
            HttpResponse<String> health = node.get(BootNode.browser(), "/actuator/health/baton");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"store\":\"redis\"",
                    "\"uri\":\"redis", "\"latencyMs\":");
        }
    }

    @Test
    void healthWhenStoreDownThenDownWithReasonAndReadinessDownButLivenessUp() {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            try (BootNode node = BootNode.start(properties("redis://127.0.0.1:" + redis.port))) {
                HttpClient client = BootNode.browser();
                assertThat(node.get(client, "/actuator/health/readiness").statusCode()).isEqualTo(200);

                redis.kill();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    HttpResponse<String> health = node.get(client, "/actuator/health/baton");
                    assertThat(health.statusCode()).isEqualTo(503);
                    assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"reason\":\"");
                });
                assertThat(node.get(client, "/actuator/health/readiness").statusCode()).isEqualTo(503);
                assertThat(node.get(client, "/actuator/health/liveness").statusCode())
                        .as("a store outage must not restart the nodes").isEqualTo(200);
            }
        }
    }
}
