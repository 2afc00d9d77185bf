/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.SessionRequest;
import jakarta.servlet.http.Cookie;
import org.apache.catalina.core.ApplicationSessionCookieConfig;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

/**
 * The near cache's version token ({@code nearCacheSize}, see {@code docs/near-cache.md}) under the Tomcat manager: a
 * cookie named after the session cookie, {@code <name>_v}, with every attribute Tomcat gives the session cookie (path,
 * domain, Secure, HttpOnly, SameSite, max-age).
 */
final class VersionCookies {

    private VersionCookies() {
    }

    /** {@return the token cookie's name beside the session cookie {@code sessionCookieName}} */
    static String name(String sessionCookieName) {
        return sessionCookieName + "_v";
    }

    /** Saves, then sends the client its new token (or clears it) while the response can still carry a cookie. */
    static void saveAndSend(SessionRequest session, Request request, Response response) {
        session.save();
        if (request.getContext() == null || response.isCommitted()) {
            return;
        }
        session.versionToSend().ifPresent(token -> {
            Cookie like = ApplicationSessionCookieConfig.createSessionCookie(request.getContext(), token,
                    request.isSecure());
            Cookie cookie = new Cookie(name(like.getName()), token);
            like.getAttributes().forEach(cookie::setAttribute);
            if (token.isEmpty()) {
                cookie.setMaxAge(0);
            }
            response.addCookie(cookie);
        });
    }
}
