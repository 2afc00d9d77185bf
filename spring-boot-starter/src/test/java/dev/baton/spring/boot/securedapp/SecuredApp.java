/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot.securedapp;

import java.security.Principal;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot app behind Spring Security's form login with concurrent-session control ({@code maximumSessions(1)}), whose
 * session registry is Spring Session's, over the starter's {@code FindByIndexNameSessionRepository}: the configuration
 * {@code docs/spring-boot.md} shows. {@code test.prevent-login=true} refuses a second login instead of expiring the
 * first session.
 */
@SpringBootApplication
public class SecuredApp {

    /** The registry over Baton's sessions, as an app writes it. */
    @Bean
    public SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions);
    }

    /** Every path needs a signed-in user; at most one session per user. */
    @Bean
    public SecurityFilterChain security(HttpSecurity http, SessionRegistry sessionRegistry, Environment environment)
            throws Exception {
        boolean preventLogin = environment.getProperty("test.prevent-login", Boolean.class, false);
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.maximumSessions(1).maxSessionsPreventsLogin(preventLogin)
                        .sessionRegistry(sessionRegistry))
                .build();
    }

    /** One user, alice, password {@code secret}. */
    @Bean
    public UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
    }

    /** The app's one page. */
    @RestController
    public static class Endpoints {

        /** @return the signed-in user's name */
        @GetMapping("/whoami")
        public String whoami(Principal principal) {
            return principal.getName();
        }
    }
}
