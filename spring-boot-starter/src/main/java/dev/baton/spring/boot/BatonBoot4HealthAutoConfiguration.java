/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.StoreHealth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code baton} health contributor on Spring Boot 4, whose health API lives in {@code spring-boot-health}; the
 * same check as {@link BatonHealthAutoConfiguration} gives Boot 3.5's Actuator.
 */
@AutoConfiguration(after = BatonAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(SessionStore.class)
public class BatonBoot4HealthAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public BatonBoot4HealthAutoConfiguration() {
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
        return () -> {
            StoreHealth.Result result = health.check();
            return (result.up() ? Health.up() : Health.down()).withDetails(result.details()).build();
        };
    }
}
