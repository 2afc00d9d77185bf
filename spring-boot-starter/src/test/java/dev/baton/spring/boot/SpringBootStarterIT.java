/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.BatonSessionFilter;
import dev.baton.spring.boot.testapp.ShopApp;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.NestedExceptionUtils;

/** Boot apps on real embedded Tomcats, sessions in the shared Redis ({@link TestServices}) under a prefix per test. */
class SpringBootStarterIT {

    private static final String REDIS = "baton.store=" + TestServices.redisUri();

    private static String uniquePrefix() {
        return "baton.keyPrefix=boot-it:" + UUID.randomUUID() + ":";
    }

    @Test
    void sessionWhenSetOnNodeAThenReadOnNodeBWithOnlyStoreConfigured() {
        String prefix = uniquePrefix();
        try (BootNode a = BootNode.start(REDIS, prefix); BootNode b = BootNode.start(REDIS, prefix)) {
            HttpClient browser = BootNode.browser();

            HttpResponse<String> added = a.get(browser, "/add?item=book");
            HttpResponse<String> read = b.get(browser, "/cart");

            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(added.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("SESSION="));
            assertThat(read.body()).as("a class of the app's base package, stored on A, read on B")
                    .isEqualTo("Cart[book]");
            assertThat(b.get(browser, "/add?item=pen").body()).isEqualTo("Cart[book, pen]");
            assertThat(a.get(browser, "/cart").body()).isEqualTo("Cart[book, pen]");
            assertThat(a.context().getBean(ShopApp.CreatedSessions.class).count()
                    + b.context().getBean(ShopApp.CreatedSessions.class).count())
                    .as("the listener bean heard the one session's creation").isEqualTo(1);
        }
    }

    @Test
    void sessionWhenBootSessionPropertiesSetThenTimeoutAndCookieFollowThem() {
        try (BootNode node = BootNode.start(REDIS, uniquePrefix(), "server.servlet.session.timeout=90s",
                "server.servlet.session.cookie.name=APPSESSION", "server.servlet.session.cookie.same-site=strict")) {
            HttpResponse<String> response = node.get(BootNode.browser(), "/timeout");

            assertThat(response.body()).as("to the second; the container itself keeps only minutes").isEqualTo("90");
            assertThat(response.headers().allValues("Set-Cookie"))
                    .anyMatch(c -> c.startsWith("APPSESSION=") && c.contains("SameSite=Strict"));
        }
    }

    @Test
    void startWhenBatonPropertyMisspelledThenFailsNamingTheNearestKey() {
        assertThatThrownBy(() -> BootNode.start(REDIS, uniquePrefix(), "baton.store-timout=1s"))
                .satisfies(e -> Assertions.assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("Unknown configuration key 'storeTimout' (Spring property "
                                + "baton.store-timout, ")
                        .hasMessageEndingWith("did you mean 'storeTimeout'?"));
    }

    @Test
    void securityContextWhenSignedInOnNodeAThenSpringSecurityFindsItOnNodeB() {
        // Only the store: the default codec and allow-list take Spring Security's session types.
        String[] properties = {REDIS, uniquePrefix()};
        try (BootNode a = BootNode.start(properties); BootNode b = BootNode.start(properties)) {
            HttpClient browser = BootNode.browser();
            assertThat(b.get(browser, "/me").body()).isEqualTo("anonymousUser");

            assertThat(a.get(browser, "/sign-in?user=alice").body()).isEqualTo("signed in");

            assertThat(b.get(browser, "/me").body())
                    .as("Spring Security's filter chain, behind Baton's filter, loads its context from Baton's session")
                    .isEqualTo("alice");
        }
    }

    @Test
    void filterWhenRegisteredThenAheadOfSpringSecurityForEveryDispatcherType() {
        try (BootNode node = BootNode.start(REDIS, uniquePrefix())) {
            @SuppressWarnings("unchecked")
            FilterRegistrationBean<BatonSessionFilter> registration =
                    node.context().getBean("batonSessionFilter", FilterRegistrationBean.class);

            assertThat(registration.getOrder()).as("Spring Security's chain is at -100").isLessThan(-100);
            assertThat(registration.getFilter()).isInstanceOf(BatonSessionFilter.class);
            assertThat(registration.determineDispatcherTypes()).containsExactlyInAnyOrder(DispatcherType.values());
            assertThat(registration.isAsyncSupported()).isTrue();
        }
    }
}
