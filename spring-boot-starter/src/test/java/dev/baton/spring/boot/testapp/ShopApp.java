/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot.testapp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A Boot app that keeps a cart (a class of its own package) in its session. */
@SpringBootApplication
public class ShopApp {

    /**
     * Spring Security with its default, session-based SecurityContext repository; every path is open, and
     * {@code /me} tells who Security thinks the user is.
     */
    @Bean
    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }

    /** @return counts sessions created, to show that listener beans hear Baton's sessions */
    @Bean
    public CreatedSessions createdSessions() {
        return new CreatedSessions();
    }

    /** Counts {@code sessionCreated} events. */
    public static final class CreatedSessions implements HttpSessionListener {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            count.incrementAndGet();
        }

        /** @return the sessions created so far */
        public int count() {
            return count.get();
        }
    }

    /** The shop's endpoints. */
    @RestController
    public static class Endpoints {

        /** @return the cart after adding {@code item} */
        @GetMapping("/add")
        public String add(HttpSession session, @RequestParam("item") String item) {
            Cart cart = (Cart) session.getAttribute("cart");
            Cart updated = (cart == null ? new Cart() : cart).with(item);
            session.setAttribute("cart", updated);
            return updated.toString();
        }

        /** @return the cart, or "none" */
        @GetMapping("/cart")
        public String cart(HttpSession session) {
            Object cart = session.getAttribute("cart");
            return cart == null ? "none" : cart.toString();
        }

        /** Signs {@code user} in, keeping the SecurityContext in the session, as a login form does. */
        @GetMapping("/sign-in")
        public String signIn(@RequestParam("user") String user, HttpServletRequest request,
                HttpServletResponse response) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                    List.of(new SimpleGrantedAuthority("ROLE_USER"))));
            new HttpSessionSecurityContextRepository().saveContext(context, request, response);
            return "signed in";
        }

        /** @return the name of the user Spring Security's filter chain found in the session */
        @GetMapping("/me")
        public String me() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication == null ? "none" : authentication.getName();
        }

        /** @return the session's idle timeout in seconds */
        @GetMapping("/timeout")
        public String timeout(HttpSession session) {
            return String.valueOf(session.getMaxInactiveInterval());
        }
    }
}
