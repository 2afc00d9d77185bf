/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionAdmin;
import dev.baton.core.SessionMetrics;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.servlet.BatonSessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Replicates the sessions of a Spring Boot servlet app through a Baton store: a dependency on
 * {@code dev.baton:baton-spring-boot-starter} and {@code baton.store=redis://…} in {@code application.properties} are
 * enough. Every Baton key is a {@code baton.*} property; Boot's {@code server.servlet.session.timeout} and
 * {@code server.servlet.session.cookie.*} apply where no {@code baton.*} property says otherwise; the app's base
 * packages may be stored. The filter runs ahead of Spring Security's filter chain, for every dispatcher type, and
 * session listener beans ({@code HttpSessionListener}, {@code HttpSessionAttributeListener},
 * {@code HttpSessionIdListener}) hear Baton's sessions. With Spring Security, the signed-in user is recorded with the
 * session ({@code SpringSecurityPrincipals}), so that the {@link SessionAdmin} bean finds a user's sessions. See
 * {@code docs/spring-boot.md}.
 *
 * <p>To run without Baton (a test slice, say), exclude this class:
 * {@code spring.autoconfigure.exclude=dev.baton.spring.boot.BatonAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(BatonSessionFilter.class)
public class BatonAutoConfiguration {

    /**
     * The filter's order: ahead of Spring Security's filter chain ({@code SecurityProperties.DEFAULT_FILTER_ORDER},
     * -100) and Boot's request-wrapping filters, behind Boot's character-encoding filter; the order Spring Session
     * uses.
     */
    public static final int FILTER_ORDER = Integer.MIN_VALUE + 50;

    private static final String SECURITY_CONTEXT = "org.springframework.security.core.context.SecurityContext";

    /** Creates the auto-configuration; Spring Boot does. */
    public BatonAutoConfiguration() {
    }

    /**
     * Baton's configuration, from the app's {@code baton.*} and {@code server.servlet.session.*} properties.
     *
     * @param environment the app's environment
     * @param beanFactory for the app's base packages
     * @return the configuration
     */
    @Bean
    public BatonConfig batonConfig(ConfigurableEnvironment environment, BeanFactory beanFactory) {
        List<String> packages = AutoConfigurationPackages.has(beanFactory)
                ? AutoConfigurationPackages.get(beanFactory) : List.of();
        BatonConfig config = new SpringBatonSettings(environment, packages).resolve();
        if (!config.hasStore()) {
            throw new IllegalStateException("baton.store is not set: add baton.store=redis://host:6379 (or a jdbc: "
                    + "URL; memory: for one node and tests) to application.properties, or exclude "
                    + BatonAutoConfiguration.class.getName() + " with spring.autoconfigure.exclude");
        }
        return config;
    }

    /**
     * The store, opened at start (a Redis store first checks that Lettuce is 6.7 or later) and closed with the
     * application context.
     *
     * @param config the configuration
     * @return the open store
     */
    @Bean(destroyMethod = "close")
    public SessionStore batonSessionStore(BatonConfig config) {
        StoreContext context = new StoreContext(config, Clock.systemUTC());
        if (context.scheme().startsWith("redis")) {
            LettuceVersion.check(LettuceVersion.onClassPath());
        }
        return SessionStores.open(context, BatonAutoConfiguration.class.getClassLoader());
    }

    /**
     * The filter, registered for {@code /*}, every dispatcher type and async requests, at {@link #FILTER_ORDER}.
     *
     * @param config the configuration
     * @param store the store, borrowed
     * @param sessionListeners session listener beans
     * @param attributeListeners attribute listener beans
     * @param idListeners ID listener beans
     * @param metrics Baton's meters, when the app has Micrometer ({@link BatonMetricsAutoConfiguration})
     * @param environment for {@code spring.application.name}, the meters' {@code application} tag (else the context
     *     path)
     * @return the registration
     */
    @Bean
    public FilterRegistrationBean<BatonSessionFilter> batonSessionFilter(BatonConfig config, SessionStore store,
            ObjectProvider<HttpSessionListener> sessionListeners,
            ObjectProvider<HttpSessionAttributeListener> attributeListeners,
            ObjectProvider<HttpSessionIdListener> idListeners, ObjectProvider<SessionMetrics> metrics,
            Environment environment) {
        BatonSessionFilter.Builder builder = BatonSessionFilter.builder(config).store(store)
                .metrics(metrics.getIfAvailable(() -> SessionMetrics.NONE));
        String application = environment.getProperty("spring.application.name");
        if (application != null && !application.isBlank()) {
            builder.application(application);
        }
        Set<EventListener> listeners = Collections.newSetFromMap(new IdentityHashMap<>());
        Stream.of(sessionListeners, attributeListeners, idListeners)
                .flatMap(ObjectProvider::orderedStream)
                .filter(listeners::add)
                .forEach(builder::listener);
        if (ClassUtils.isPresent(SECURITY_CONTEXT, BatonAutoConfiguration.class.getClassLoader())) {
            builder.listener(new SpringSecurityPrincipals());
        }
        FilterRegistrationBean<BatonSessionFilter> registration = new FilterRegistrationBean<>(builder.build());
        registration.setName("batonSessionFilter");
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        registration.setAsyncSupported(true);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Finds and ends users' sessions, cluster-wide ("log out everywhere"): the filter's {@link SessionAdmin}. It needs
     * the filter's engine, which the embedded container creates as it starts, before Boot creates the app's ordinary
     * beans; a bean that the container itself needs earlier (a servlet filter bean, say) can't take it as a
     * constructor argument.
     *
     * @param batonSessionFilter the filter's registration
     * @return the admin
     */
    @Bean
    public SessionAdmin batonSessionAdmin(FilterRegistrationBean<BatonSessionFilter> batonSessionFilter) {
        return SessionAdmin.of(batonSessionFilter.getFilter().engine());
    }
}
