/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionAdmin;
import dev.baton.spring.boot.securedapp.SecuredApp;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring Security's concurrent-session control on two Boot nodes sharing one store: {@link SecuredApp}, whose
 * {@code SpringSessionBackedSessionRegistry} reads Baton's sessions through {@link BatonSessionRepository}, and whose
 * signed-in user {@link SpringSecurityPrincipals} records. Each store adds its configuration.
 */
abstract class ConcurrentSessionScenarios {

    private static final String LOGIN = "username=alice&password=secret";
    private static final String EXPIRED = "This session has been expired";

    /** @return the {@code name=value} properties that point a node at this test's store */
    protected abstract List<String> storeProperties();

    private BootNode start(String... extra) {
        List<String> properties = new ArrayList<>(storeProperties());
        properties.addAll(List.of(extra));
        return BootNode.start(SecuredApp.class, properties.toArray(String[]::new));
    }

    @Test
    void secondLoginWhenMaximumSessionsOneThenFirstSessionExpiresOnEveryNode() {
        try (BootNode a = start(); BootNode b = start()) {
            HttpClient first = BootNode.browser();
            HttpClient second = BootNode.browser();
            SessionAdmin admin = b.context().getBean(SessionAdmin.class);

            HttpResponse<String> firstLogin = a.post(first, "/login", LOGIN);
            assertThat(firstLogin.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .doesNotContain("error"));
            assertThat(b.get(first, "/whoami").body()).isEqualTo("alice");
            assertThat(admin.countSessionsOf("alice"))
                    .as("the user Spring Security signed in on A is recorded with the session, found from B")
                    .isEqualTo(1);

            HttpResponse<String> secondLogin = b.post(second, "/login", LOGIN);

            assertThat(secondLogin.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .doesNotContain("error"));
            assertThat(a.get(first, "/whoami").body())
                    .as("the first session, marked expired by B's login, is ended by A's ConcurrentSessionFilter")
                    .startsWith(EXPIRED);
            assertThat(b.get(first, "/whoami").statusCode()).as("signed out: sent to the login page").isEqualTo(302);
            assertThat(a.get(second, "/whoami").body()).isEqualTo("alice");
            assertThat(b.get(second, "/whoami").body()).isEqualTo("alice");
            assertThat(a.context().getBean(SessionAdmin.class).countSessionsOf("alice")).isEqualTo(1);
        }
    }

    @Test
    void secondLoginWhenMaxSessionsPreventsLoginThenRefusedAndFirstSessionKept() {
        try (BootNode a = start("test.prevent-login=true"); BootNode b = start("test.prevent-login=true")) {
            HttpClient first = BootNode.browser();
            HttpClient second = BootNode.browser();
            a.post(first, "/login", LOGIN);

            HttpResponse<String> secondLogin = b.post(second, "/login", LOGIN);

            assertThat(secondLogin.headers().firstValue("Location"))
                    .as("the session A signed in, found from B, refuses the login").hasValueSatisfying(l ->
                            assertThat(l).contains("/login?error"));
            assertThat(b.get(first, "/whoami").body()).isEqualTo("alice");
            assertThat(a.get(second, "/whoami").statusCode()).isEqualTo(302);
        }
    }

    @Test
    void repositoryWhenSessionSignedInThenFoundByPrincipalNameWithItsAttributes() {
        try (BootNode a = start(); BootNode b = start()) {
            HttpClient browser = BootNode.browser();
            a.post(browser, "/login", LOGIN);
            BatonSessionRepository repository = b.context().getBean(BatonSessionRepository.class);

            var found = repository.findByPrincipalName("alice");

            assertThat(found).hasSize(1);
            BatonSpringSession session = found.values().iterator().next();
            assertThat(session.getAttributeNames()).contains(SpringSecurityPrincipals.SECURITY_CONTEXT);
            assertThat(repository.findById(session.getId())).isNotNull();
            assertThat(repository.findByIndexNameAndIndexValue("other", "alice")).isEmpty();

            repository.deleteById(session.getId());

            assertThat(repository.findById(session.getId())).isNull();
            assertThat(a.get(browser, "/whoami").statusCode()).as("the session is gone on every node").isEqualTo(302);
        }
    }
}
