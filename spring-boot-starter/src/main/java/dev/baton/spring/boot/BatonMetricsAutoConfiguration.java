/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.micrometer.BatonMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Baton's meters ({@code baton.*}, see {@link BatonMetrics}) when the app has Micrometer, as Spring Boot's Actuator
 * brings it: a {@link BatonMetrics} bean, which Boot binds to its meter registries as it binds every
 * {@code MeterBinder}, and which {@link BatonAutoConfiguration} gives the filter. Without Micrometer nothing is
 * created and the filter records nothing. Tags: {@code store}, and {@code application} from
 * {@code spring.application.name}.
 */
@AutoConfiguration(before = BatonAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.baton.micrometer.BatonMetrics"})
public class BatonMetricsAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public BatonMetricsAutoConfiguration() {
    }

    /**
     * Baton's meters, bound by Boot to its registries.
     *
     * @return the metrics
     */
    @Bean
    @ConditionalOnMissingBean
    public BatonMetrics batonMetrics() {
        return new BatonMetrics();
    }
}
