/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples.boot;

import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The shop as a Spring Boot app: Spring Security's form login (back to the page that asked for it), CSRF-protected
 * forms, a session-scoped {@link Cart}, and logout. Its sessions are Baton's through {@code baton-spring-boot-starter}
 * and one property, {@code baton.store}; nothing else of Baton's is configured. Spring Security's login (its
 * {@code SecurityContext} with a {@code UsernamePasswordAuthenticationToken} and a {@code User}), its saved request
 * and its CSRF token, and the cart, all live in that session, so every node serves every request.
 *
 * <p>Any user name of letters, digits, {@code .}, {@code _} or {@code -} signs in with the password
 * {@value #PASSWORD}. Run by the sample cluster with {@code --app boot}, or on its own: {@code java -cp
 * samples/target/baton-cluster.jar dev.baton.samples.boot.BootShop --baton.store=redis://127.0.0.1:6379}.
 */
@SpringBootApplication
public class BootShop {

    /** Every sample user's password. */
    public static final String PASSWORD = "baton";

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Starts the app.
     *
     * @param args Spring Boot's command-line arguments ({@code --server.port=8081}, {@code --baton.store=…})
     */
    public static void main(String[] args) {
        SpringApplication.run(BootShop.class, args);
    }

    /**
     * The pages: {@code /}, {@code /login}, {@code /health} and the error page are open, everything else needs a
     * login. A page that needs one sends the browser to the login form, and the login back to that page; the API
     * ({@code /api/**}, for the demo's shoppers) answers 401 instead. Every POST needs the CSRF token.
     *
     * @param http Spring Security's builder
     * @return the filter chain
     * @throws Exception from Spring Security's builder
     */
    @Bean
    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/login", "/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                        // Every other page to the form, whatever the client accepts (curl sends */*).
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE))
                .build();
    }

    /**
     * BCrypt at its lowest cost, so that the demo's 200 shoppers can sign in at once on one machine; a real app keeps
     * the default cost.
     *
     * @return the password encoder
     */
    @Bean
    public PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    /**
     * @param encoder the password encoder
     * @return users: any valid name, with the password {@value #PASSWORD} and the role USER
     */
    @Bean
    public UserDetailsService users(PasswordEncoder encoder) {
        String hash = encoder.encode(PASSWORD);
        return name -> {
            if (!USER_NAME.matcher(name).matches()) {
                throw new UsernameNotFoundException("not a sample user name");
            }
            return User.withUsername(name).password(hash).roles("USER").build();
        };
    }
}
