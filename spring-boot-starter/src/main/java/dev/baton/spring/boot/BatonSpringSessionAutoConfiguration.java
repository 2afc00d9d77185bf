/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.servlet.BatonSessionFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.session.SessionRepository;

/**
 * Baton's sessions as Spring Session's {@code FindByIndexNameSessionRepository} ({@link BatonSessionRepository}), when
 * the app has {@code spring-session-core} and no session repository of its own, for Spring Security's
 * concurrent-session control:
 * {@code sessionManagement(s -> s.maximumSessions(1).sessionRegistry(new SpringSessionBackedSessionRegistry<>(repository)))}.
 * It comes before Spring Boot's own Spring Session auto-configuration, which then stands back (it configures a store
 * only when there is no repository).
 */
@AutoConfiguration(after = BatonAutoConfiguration.class, beforeName = {
    "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration",
    "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.session.FindByIndexNameSessionRepository")
@ConditionalOnBean(name = "batonSessionFilter")
public class BatonSpringSessionAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does. */
    public BatonSpringSessionAutoConfiguration() {
    }

    /**
     * The repository over the filter's sessions.
     *
     * @param batonSessionFilter the filter's registration, whose engine the repository uses once the container has
     *     started it
     * @return the repository
     */
    @Bean
    @ConditionalOnMissingBean(SessionRepository.class)
    public BatonSessionRepository batonSessionRepository(
            FilterRegistrationBean<BatonSessionFilter> batonSessionFilter) {
        BatonSessionFilter filter = batonSessionFilter.getFilter();
        return new BatonSessionRepository(filter::engine);
    }
}
