/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.StoreHealth;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code baton} health contributor on Spring Boot 3.5's Actuator: UP when the store answers a ping within
 * {@code storeTimeout} (details: store kind, masked URI, latency in ms), DOWN with the reason. Put it in the readiness
 * group, never in liveness: every node shares the store, so a store blip failing liveness would restart them all at
 * once. See {@code docs/spring-boot.md}.
 */
@AutoConfiguration(after = BatonAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(SessionStore.class)
public class BatonHealthAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public BatonHealthAutoConfiguration() {
    }

    /**
     * The health indicator, named {@code baton}.
     *
     * @param store the store
     * @param config the configuration
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "batonHealthIndicator")
    public HealthIndicator batonHealthIndicator(SessionStore store, BatonConfig config) {
        StoreHealth health = new StoreHealth(store, config);
        return new AbstractHealthIndicator("Baton store health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                StoreHealth.Result result = health.check();
                (result.up() ? builder.up() : builder.down()).withDetails(result.details());
            }
        };
    }
}
