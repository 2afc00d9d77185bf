/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.BatonConfig;
import dev.baton.core.ConfigKey;
import dev.baton.core.CookieSecure;
import jakarta.servlet.SessionCookieConfig;
import org.apache.catalina.Context;
import org.apache.catalina.util.SessionConfig;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;

/**
 * The cookie keys under the Tomcat manager. Tomcat writes and reads the session cookie itself, so each key is applied
 * to the context's session cookie configuration (never to its cookie processor, which shapes every cookie of the
 * app): it then shapes the session cookie as the filter's, and an unset key leaves the app's and the container's own
 * settings as they are (SameSite: when neither chose one, the session cookie gets Baton's default, Lax). A key that Tomcat can't honour stops the web app at start, saying why and what to use instead.
 */
final class SessionCookieKeys {

    private static final String HOST_PREFIX = "__Host-";

    private SessionCookieKeys() {
    }

    /**
     * Refuses the keys Tomcat can't honour, then applies the others to the context's session cookie. Called while the
     * context starts, after its {@code web.xml} and initializers, so that a key overrides what the app set.
     *
     * @param config the configuration
     * @param context the starting context
     * @throws IllegalArgumentException for a key Tomcat can't honour
     * @throws IllegalStateException for a {@code cookieHostPrefix} the app's own cookie Domain contradicts
     */
    static void apply(BatonConfig config, Context context) {
        refuse(config);
        SessionCookieConfig cookie = context.getServletContext().getSessionCookieConfig();
        config.cookieName().ifPresent(context::setSessionCookieName);
        if (isSet(config, ConfigKey.COOKIE_SAME_SITE) || nobodyChoseSameSite(context, cookie)) {
            cookie.setAttribute("SameSite", config.cookieSameSite().attributeValue());
        }
        if (config.cookieSecure() == CookieSecure.ALWAYS) {
            cookie.setSecure(true);
        }
        config.cookieDomain().ifPresent(context::setSessionCookieDomain);
        if (config.cookieHostPrefix()) {
            if (context.getSessionCookieDomain() != null || cookie.getDomain() != null) {
                throw new IllegalStateException("cookieHostPrefix=true (" + config.sourceOf(
                        ConfigKey.COOKIE_HOST_PREFIX) + ") conflicts with the web app's session cookie Domain: a "
                        + "__Host- cookie can't have a Domain");
            }
            context.setSessionCookieName(HOST_PREFIX + SessionConfig.getSessionCookieName(context));
            context.setSessionCookiePath("/");
            cookie.setSecure(true);
        }
    }

    /**
     * Whether neither the app (its session cookie's attributes) nor its context (the cookie processor's
     * {@code sameSiteCookies}) chose a SameSite: then Baton's default (Lax) applies to the session cookie, as under the
     * filter, rather than no attribute at all.
     */
    private static boolean nobodyChoseSameSite(Context context, SessionCookieConfig cookie) {
        return cookie.getAttribute("SameSite") == null
                && context.getCookieProcessor() instanceof Rfc6265CookieProcessor processor
                && "unset".equalsIgnoreCase(String.valueOf(processor.getSameSiteCookies()));
    }

    private static void refuse(BatonConfig config) {
        if (config.sessionIdHeader().isPresent()) {
            throw unsupported(config, ConfigKey.SESSION_ID_HEADER, config.sessionIdHeader().get(), "Tomcat reads the "
                    + "session ID from its session cookie only; use BatonSessionFilter for IDs in a header");
        }
        if (config.trustForwardedHeaders()) {
            throw unsupported(config, ConfigKey.TRUST_FORWARDED_HEADERS, "true", "Tomcat marks the session cookie "
                    + "Secure when it sees the request as secure; configure Tomcat's RemoteIpValve "
                    + "(protocolHeader=\"X-Forwarded-Proto\") to believe the load balancer");
        }
        if (config.cookieSecure() == CookieSecure.NEVER) {
            throw unsupported(config, ConfigKey.COOKIE_SECURE, "false", "Tomcat always marks the session cookie "
                    + "of a secure request Secure; leave cookieSecure unset (auto) or set it to true");
        }
        if (!config.listeners().isEmpty()) {
            throw unsupported(config, ConfigKey.LISTENERS, String.join(",", config.listeners()), "the manager "
                    + "fires the session listeners the web app declares (web.xml, @WebListener, "
                    + "ServletContext.addListener); declare them there");
        }
    }

    private static IllegalArgumentException unsupported(BatonConfig config, ConfigKey key, String value,
            String why) {
        return new IllegalArgumentException(key.key() + "=" + value + " (" + config.sourceOf(key)
                + "): not supported by the Tomcat manager: " + why);
    }

    private static boolean isSet(BatonConfig config, ConfigKey key) {
        return !config.sourceOf(key).equals("default");
    }
}
