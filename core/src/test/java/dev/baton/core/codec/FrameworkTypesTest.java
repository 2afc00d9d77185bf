/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.CodecKind;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Regression (issue 19): a Spring Security 6.5 form login could not be stored by the default codec with the default
 * allow-list (its types were outside the list, and Kryo refused them for want of a no-argument constructor). Here
 * Spring Security's own components fill a session as a form login does (the request saved before the login page,
 * the CSRF token, a failed attempt, the security context), and every attribute round-trips through the default
 * codec with the default allow-list, which opens no application or library package.
 */
class FrameworkTypesTest {

    private static final String SESSION = "s".repeat(43);
    private static final ClassLoader LOADER = FrameworkTypesTest.class.getClassLoader();

    private static ValueCodec defaultCodec(CodecKind kind) {
        return ValueCodec.create(kind, AllowList.create(List.of(), name -> false), List.of());
    }

    /** The session of a user who asked for a protected page, failed to sign in once, then signed in. */
    private static HttpSession formLoginSession() throws Exception {
        MockHttpServletRequest protectedPage = new MockHttpServletRequest("GET", "/orders/42");
        protectedPage.setQueryString("tab=open");
        protectedPage.addParameter("tab", "open");
        protectedPage.addHeader("Accept", "text/html");
        protectedPage.addHeader("Accept-Language", "de-CH");
        protectedPage.setCookies(new Cookie("theme", "dark"));
        protectedPage.addPreferredLocale(Locale.forLanguageTag("de-CH"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        new HttpSessionRequestCache().saveRequest(protectedPage, response);
        HttpSessionCsrfTokenRepository csrf = new HttpSessionCsrfTokenRepository();
        csrf.saveToken(csrf.generateToken(protectedPage), protectedPage, response);

        MockHttpServletRequest login = new MockHttpServletRequest("POST", "/login");
        login.setSession(protectedPage.getSession());
        login.setRemoteAddr("10.0.0.7");
        ProviderManager manager = new ProviderManager(new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                User.withUsername("ann").password("{noop}secret").roles("USER", "ADMIN").build())));
        try {
            manager.authenticate(attempt("ann", "wrong", login));
        } catch (AuthenticationException failure) {
            new SimpleUrlAuthenticationFailureHandler("/login?error").onAuthenticationFailure(login,
                    new MockHttpServletResponse(), failure);
        }
        Authentication signedIn = manager.authenticate(attempt("ann", "secret", login));
        new HttpSessionSecurityContextRepository().saveContext(new SecurityContextImpl(signedIn), login, response);
        return login.getSession();
    }

    private static Authentication attempt(String user, String password, MockHttpServletRequest request) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(user,
                password);
        attempt.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
        return attempt;
    }

    private static Map<String, Object> roundTrip(CodecKind kind, HttpSession session) {
        ValueCodec codec = defaultCodec(kind);
        Map<String, Object> read = new LinkedHashMap<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            byte[] stored = codec.encode(SESSION, name, session.getAttribute(name));
            read.put(name, codec.decode(SESSION, name, stored, LOADER));
        }
        return read;
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenSessionIsASpringSecurityFormLoginsThenEveryAttributeComesBack(CodecKind kind) throws Exception {
        HttpSession session = formLoginSession();

        Map<String, Object> read = roundTrip(kind, session);

        assertThat(read).containsOnlyKeys(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                "SPRING_SECURITY_SAVED_REQUEST", HttpSessionCsrfTokenRepository.class.getName() + ".CSRF_TOKEN",
                WebAttributes.AUTHENTICATION_EXCEPTION);
        SecurityContext context = (SecurityContext) read.get(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(context).isEqualTo(session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY));
        Authentication authentication = context.getAuthentication();
        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(List.<Object>copyOf(authentication.getAuthorities())).containsExactly(
                new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_USER"));
        User user = (User) authentication.getPrincipal();
        assertThat(user.getUsername()).isEqualTo("ann");
        assertThat(user.getAuthorities()).hasSize(2);
        assertThat(authentication.getDetails()).hasToString(
                "WebAuthenticationDetails [RemoteIpAddress=10.0.0.7, SessionId=" + session.getId() + "]");

        DefaultSavedRequest saved = (DefaultSavedRequest) read.get("SPRING_SECURITY_SAVED_REQUEST");
        assertThat(saved.getRedirectUrl()).isEqualTo("http://localhost/orders/42?tab=open&continue");
        assertThat(saved.getHeaderValues("ACCEPT")).containsExactly("text/html");
        assertThat(saved.getParameterValues("tab")).containsExactly("open");
        assertThat(saved.getCookies()).singleElement().satisfies(cookie -> assertThat(cookie.getValue())
                .isEqualTo("dark"));
        assertThat(saved.getLocales()).contains(Locale.forLanguageTag("de-CH"));

        CsrfToken token = (CsrfToken) read.get(HttpSessionCsrfTokenRepository.class.getName() + ".CSRF_TOKEN");
        CsrfToken original = (CsrfToken) session.getAttribute(
                HttpSessionCsrfTokenRepository.class.getName() + ".CSRF_TOKEN");
        assertThat(token.getToken()).isEqualTo(original.getToken());
        assertThat(token.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
        assertThat(token.getParameterName()).isEqualTo("_csrf");

        assertThat((Throwable) read.get(WebAttributes.AUTHENTICATION_EXCEPTION))
                .isInstanceOf(BadCredentialsException.class).hasMessage("Bad credentials");
    }

    @Test
    void frameworkTypesWhenAllowedByDefaultThenEachIsListedInTheDocs() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "codecs.md"));

        for (String type : AllowList.frameworkTypes()) {
            assertThat(docs).as("docs/codecs.md lists %s", type).contains("`" + type + "`");
        }
    }
}
