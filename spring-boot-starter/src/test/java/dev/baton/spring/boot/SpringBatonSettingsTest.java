/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.ConfigKey;
import dev.baton.core.CookieSecure;
import dev.baton.core.SameSite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SpringBatonSettingsTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    private BatonConfig resolve(Map<String, Object> properties, String... basePackages) {
        environment.getPropertySources().addLast(new MapPropertySource("application.properties", properties));
        return new SpringBatonSettings(environment, List.of(basePackages)).resolve();
    }

    @Test
    void resolveWhenRelaxedNamesThenEachBindsItsKey() {
        BatonConfig config = resolve(Map.of("baton.store", "memory:", "baton.store-timeout", "750ms",
                "baton.keyPrefix", "app:", "baton.max_session_bytes", "2MiB"));

        assertThat(config.store()).isEqualTo("memory:");
        assertThat(config.storeTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.keyPrefix()).isEqualTo("app:");
        assertThat(config.maxSessionBytes()).isEqualTo(2L * 1024 * 1024);
    }

    @Test
    void resolveWhenUnknownBatonPropertyThenFailsNamingPropertyAndNearestKey() {
        assertThatThrownBy(() -> resolve(Map.of("baton.store", "memory:", "baton.store-timout", "1s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown configuration key 'storeTimout' (Spring property baton.store-timout, "
                        + "application.properties); did you mean 'storeTimeout'?");
    }

    @Test
    void resolveWhenBadValueThenFailsNamingTheProperty() {
        assertThatThrownBy(() -> resolve(Map.of("baton.store", "memory:", "baton.storeTimeout", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("storeTimeout=soon (Spring property baton.storeTimeout, "
                        + "application.properties): must be a duration");
    }

    @Test
    void resolveWhenHigherSourceSetsKeyThenItWins() {
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs",
                Map.of("baton.storeTimeout", "3s")));

        BatonConfig config = resolve(Map.of("baton.store", "memory:", "baton.store-timeout", "1s"));

        assertThat(config.storeTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void resolveWhenServerSessionTimeoutThenMaxInactiveIntervalUnlessBatonSetsIt() {
        BatonConfig fromBoot = resolve(Map.of("baton.store", "memory:", "server.servlet.session.timeout", "90s"));
        assertThat(fromBoot.maxInactiveInterval()).contains(Duration.ofSeconds(90));

        StandardEnvironment other = new StandardEnvironment();
        other.getPropertySources().addLast(new MapPropertySource("application.properties", Map.of(
                "baton.store", "memory:", "server.servlet.session.timeout", "90", "baton.max-inactive-interval", "5m")));
        assertThat(new SpringBatonSettings(other, List.of()).resolve().maxInactiveInterval())
                .contains(Duration.ofMinutes(5));
    }

    @Test
    void resolveWhenServerSessionTimeoutBareNumberThenSeconds() {
        BatonConfig config = resolve(Map.of("baton.store", "memory:", "server.servlet.session.timeout", "120"));

        assertThat(config.maxInactiveInterval()).contains(Duration.ofSeconds(120));
    }

    @Test
    void resolveWhenServerSessionTimeoutZeroThenLeftToTheContainer() {
        BatonConfig config = resolve(Map.of("baton.store", "memory:", "server.servlet.session.timeout", "0"));

        assertThat(config.maxInactiveInterval()).isEmpty();
    }

    @Test
    void resolveWhenServerSessionCookieSetThenCookieKeys() {
        BatonConfig config = resolve(Map.of("baton.store", "memory:",
                "server.servlet.session.cookie.name", "APPSESSION",
                "server.servlet.session.cookie.domain", "example.com",
                "server.servlet.session.cookie.secure", "true",
                "server.servlet.session.cookie.same-site", "strict"));

        assertThat(config.cookieName()).contains("APPSESSION");
        assertThat(config.cookieDomain()).contains("example.com");
        assertThat(config.cookieSecure()).isEqualTo(CookieSecure.ALWAYS);
        assertThat(config.cookieSameSite()).isEqualTo(SameSite.STRICT);
        assertThat(config.sourceOf(ConfigKey.COOKIE_NAME)).isEqualTo("Spring Boot properties");
    }

    @Test
    void resolveWhenBatonCookieNameSetThenBootsIsIgnored() {
        BatonConfig config = resolve(Map.of("baton.store", "memory:", "baton.cookie-name", "B",
                "server.servlet.session.cookie.name", "APPSESSION"));

        assertThat(config.cookieName()).contains("B");
    }

    @Test
    void resolveWhenBasePackagesThenAllowedBesideTheConfiguredOnes() {
        BatonConfig config = resolve(Map.of("baton.store", "memory:", "baton.allowed-classes", "com.lib."),
                "com.example.shop");

        assertThat(config.allowedClasses()).containsExactly("com.lib.", "com.example.shop.");
    }

    @Test
    void resolveWhenPlaceholderThenResolved() {
        BatonConfig config = resolve(Map.of("redis.url", "memory:", "baton.store", "${redis.url}"));

        assertThat(config.store()).isEqualTo("memory:");
    }
}
