/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import dev.baton.core.BatonConfig;
import dev.baton.core.ConfigKey;
import dev.baton.core.CookieSecure;
import dev.baton.core.RequestedIds;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Carries the session ID between client and server: in a cookie, or in a header for APIs. Never in URLs.
 *
 * <p>The cookie is the web app's session cookie as its {@link SessionCookieConfig} describes it ({@code web.xml}
 * {@code <cookie-config>}, or set in code): name, path, domain, secure, http-only, max-age and other attributes.
 * A Baton key overrides only what it names ({@code cookieName}, {@code cookieDomain}, {@code cookieSecure},
 * {@code cookieSameSite}, {@code cookieHostPrefix}). What neither sets: the name {@code SESSION} (the containers'
 * {@code JSESSIONID} stays the container's own), the path of the web app, HttpOnly (unless the app calls
 * {@code setHttpOnly(false)}), Secure when the request is (see {@code cookieSecure=auto}), and SameSite {@code Lax}.
 */
public final class SessionIdTransport {

    private static final String HOST_PREFIX = "__Host-";
    private static final String CONTAINER_COOKIE_NAME = "JSESSIONID";
    /** The characters of a plain cookie value, by code: letters, digits, {@code . _ -}. */
    private static final boolean[] PLAIN = plainCharacters();
    private static final Set<String> OWN_ATTRIBUTES = Set.of("name", "comment", "domain", "path", "secure",
            "httponly", "max-age", "expires", "samesite");

    private final String cookieName;
    private final String header;
    /** The near cache's version token travels beside the ID, in a cookie or header named after the ID's. */
    private final String versionCookieName;
    private final String versionHeader;
    private final BatonConfig config;
    private final String appPath;
    private final String domain;
    private final boolean appSecure;
    private final boolean httpOnly;
    private final int maxAge;
    private final String sameSite;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    /**
     * A transport from Baton's configuration alone.
     *
     * @param config the configuration
     * @param defaultCookieName the cookie name when {@code cookieName} is not configured
     */
    public SessionIdTransport(BatonConfig config, String defaultCookieName) {
        this(config, defaultCookieName, null);
    }

    /**
     * @param config the configuration
     * @param defaultCookieName the cookie name when neither {@code cookieName} nor the app names one
     * @param app the web app's session cookie configuration, or {@code null}
     */
    public SessionIdTransport(BatonConfig config, String defaultCookieName, SessionCookieConfig app) {
        this.config = config;
        String appName = app == null ? null : app.getName();
        if (appName == null || appName.isBlank() || CONTAINER_COOKIE_NAME.equals(appName)) {
            appName = defaultCookieName;
        }
        String name = config.cookieName().orElse(appName);
        this.cookieName = config.cookieHostPrefix() ? HOST_PREFIX + name : name;
        this.header = config.sessionIdHeader().orElse(null);
        this.versionCookieName = cookieName + "_v";
        this.versionHeader = header == null ? null : header + "-Version";
        this.appPath = app == null ? null : app.getPath();
        this.domain = config.cookieDomain().orElse(app == null ? null : app.getDomain());
        this.appSecure = app != null && app.isSecure();
        this.httpOnly = app == null || app.isHttpOnly() || !explicitlyNotHttpOnly(app);
        this.maxAge = app == null ? -1 : app.getMaxAge();
        String appSameSite = null;
        if (app != null) {
            for (Map.Entry<String, String> attribute : app.getAttributes().entrySet()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("samesite")) {
                    appSameSite = attribute.getValue();
                } else if (!OWN_ATTRIBUTES.contains(key)) {
                    attributes.put(attribute.getKey(), attribute.getValue());
                }
            }
        }
        this.sameSite = appSameSite != null && !config.isSet(ConfigKey.COOKIE_SAME_SITE) ? appSameSite
                : config.cookieSameSite().attributeValue();
    }

    /**
     * Whether the app turned HttpOnly off. Servlet 6 containers keep what the specific setters set among the
     * attributes, which tells an app's {@code setHttpOnly(false)} from the unset default (Tomcat); a container that
     * lists its defaults there too (Jetty 12 lists {@code name} and {@code HttpOnly=false} unset) can't tell, and then
     * the cookie stays HttpOnly.
     */
    private static boolean explicitlyNotHttpOnly(SessionCookieConfig app) {
        return "false".equalsIgnoreCase(attribute(app, "HttpOnly")) && attribute(app, "name") == null;
    }

    /**
     * An attribute of the app's cookie, by case-insensitive name. Servlet 6 containers keep what the specific
     * setters set among the attributes, which tells an app's {@code setHttpOnly(false)} from the unset default.
     */
    private static String attribute(SessionCookieConfig app, String name) {
        for (Map.Entry<String, String> attribute : app.getAttributes().entrySet()) {
            if (attribute.getKey().equalsIgnoreCase(name)) {
                return attribute.getValue();
            }
        }
        return null;
    }

    /** Whether the ID travels in a header rather than a cookie. */
    public boolean usesHeader() {
        return header != null;
    }

    /** The cookie's name, with its prefix. */
    public String cookieName() {
        return cookieName;
    }

    /**
     * The ID the client sent: the header's value, or the first well-formed value among the cookies of the session
     * cookie's name (a browser may send several, from different paths), else the first such cookie's value.
     *
     * @param request the request
     * @return the raw ID, or {@code null}
     */
    public String requestedId(HttpServletRequest request) {
        return requested(request).id();
    }

    /**
     * What the client sent: its IDs (as {@link #requestedId}, then the other well-formed values of the session cookie,
     * in the order sent) and the near-cache version token beside them (cookie {@code <cookie name>_v}, or header
     * {@code <sessionIdHeader>-Version}), the cookies read in one pass.
     *
     * <p>Read from the {@code Cookie} headers while the values of the two names are plain tokens (letters, digits,
     * {@code . _ -}: what Baton sends), which any container reads the same; at the first of a name that is not (quotes,
     * other characters, no value), that name's values are read from the container's parsed cookies, whose reading then
     * decides. Reading the headers makes no cookie objects, and strings only for the values of the two names.
     *
     * @param request the request
     * @return the IDs and the token, each as sent
     */
    public Requested requested(HttpServletRequest request) {
        if (header != null) {
            return new Requested(request.getHeader(header), request.getHeader(versionHeader), List.of());
        }
        RequestedIds ids = new RequestedIds();
        String version = null;
        boolean idFromContainer = false;
        boolean versionFromContainer = false;
        for (Enumeration<String> headers = request.getHeaders("Cookie"); headers != null
                && headers.hasMoreElements();) {
            String cookies = headers.nextElement();
            for (int at = 0, end; at < cookies.length(); at = end + 1) {
                end = cookies.indexOf(';', at);
                end = end < 0 ? cookies.length() : end;
                int equals = cookies.indexOf('=', at);
                int nameEnd = equals >= 0 && equals < end ? equals : end;
                // Every cookie of the ID's name counts (the one that names a live session wins); the token's first.
                boolean isId = !idFromContainer && named(cookies, at, nameEnd, cookieName);
                if (!isId && (version != null || versionFromContainer
                        || !named(cookies, at, nameEnd, versionCookieName))) {
                    continue;
                }
                String value = nameEnd == end ? null : cookies.substring(equals + 1, end).strip();
                boolean plain = value != null && plain(value);
                if (!isId) {
                    versionFromContainer = !plain;
                    version = plain ? value : null;
                } else if (plain) {
                    ids.add(value);
                } else {
                    idFromContainer = true;
                }
            }
        }
        if (idFromContainer) {
            ids = new RequestedIds();
            containerCookieValues(request, cookieName).forEach(ids::add);
        }
        if (versionFromContainer) {
            version = containerCookieValues(request, versionCookieName).stream().findFirst().orElse(null);
        }
        return new Requested(ids.id(), version, ids.others());
    }

    /**
     * What the client sent with a request.
     *
     * @param id the session ID, as sent, or {@code null}
     * @param version the near-cache version token, as sent, or {@code null}
     * @param otherIds the other well-formed values of the session cookie, distinct, in the order sent
     *     ({@link RequestedIds#others()}); empty for a header
     */
    public record Requested(String id, String version, List<String> otherIds) {
    }

    /** Whether {@code cookies} from {@code from} to {@code to}, spaces and tabs around it left out, is {@code name}. */
    private static boolean named(String cookies, int from, int to, String name) {
        int start = from;
        int stop = to;
        while (start < stop && (cookies.charAt(start) == ' ' || cookies.charAt(start) == '\t')) {
            start++;
        }
        while (stop > start && (cookies.charAt(stop - 1) == ' ' || cookies.charAt(stop - 1) == '\t')) {
            stop--;
        }
        return stop - start == name.length() && cookies.startsWith(name, start);
    }

    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= PLAIN.length || !PLAIN[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] plainCharacters() {
        boolean[] plain = new boolean[128];
        for (char c = 0; c < plain.length; c++) {
            plain[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-';
        }
        return plain;
    }

    /** The values of the container's parsed cookies of {@code name}, in the order sent. */
    private static List<String> containerCookieValues(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        List<String> values = new ArrayList<>();
        for (Cookie cookie : cookies == null ? new Cookie[0] : cookies) {
            if (name.equals(cookie.getName())) {
                values.add(cookie.getValue());
            }
        }
        return values;
    }

    /**
     * Sends the near-cache version token, with the ID cookie's attributes; an empty token clears it.
     *
     * @param request the request
     * @param response the response, not yet committed
     * @param token the token, or an empty string
     */
    public void sendVersion(HttpServletRequest request, HttpServletResponse response, String token) {
        if (versionHeader != null) {
            response.setHeader(versionHeader, token);
        } else {
            response.addCookie(cookie(request, versionCookieName, token, token.isEmpty() ? 0 : maxAge));
        }
    }

    /**
     * Sends the ID to the client.
     *
     * @param request the request, for the context path and whether it is secure
     * @param response the response, not yet committed
     * @param id the session ID
     */
    public void send(HttpServletRequest request, HttpServletResponse response, String id) {
        if (header != null) {
            response.setHeader(header, id);
        } else {
            response.addCookie(cookie(request, cookieName, id, maxAge));
        }
    }

    /**
     * Tells the client to forget its ID.
     *
     * @param request the request
     * @param response the response, not yet committed
     */
    public void clear(HttpServletRequest request, HttpServletResponse response) {
        if (header != null) {
            response.setHeader(header, "");
        } else {
            response.addCookie(cookie(request, cookieName, "", 0));
        }
    }

    private Cookie cookie(HttpServletRequest request, String name, String value, int maxAge) {
        Cookie cookie = new Cookie(name, value);
        attributes.forEach(cookie::setAttribute);
        cookie.setHttpOnly(httpOnly);
        cookie.setMaxAge(maxAge);
        if (!sameSite.isEmpty()) {
            cookie.setAttribute("SameSite", sameSite);
        }
        if (config.cookieHostPrefix()) {
            cookie.setPath("/");
            cookie.setSecure(true);
        } else {
            // The app's cookie path, else its own context path, not the request's spelling of it (path parameters,
            // encoded characters).
            String contextPath = request.getServletContext().getContextPath();
            String path = appPath != null && !appPath.isEmpty() ? appPath : contextPath;
            cookie.setPath(path == null || path.isEmpty() ? "/" : path);
            cookie.setSecure(secure(request));
            if (domain != null && !domain.isEmpty()) {
                cookie.setDomain(domain);
            }
        }
        return cookie;
    }

    private boolean secure(HttpServletRequest request) {
        CookieSecure rule = config.cookieSecure();
        if (rule != CookieSecure.AUTO) {
            return rule == CookieSecure.ALWAYS;
        }
        if (appSecure && !config.isSet(ConfigKey.COOKIE_SECURE)) {
            return true;
        }
        return request.isSecure() || (config.trustForwardedHeaders()
                && "https".equalsIgnoreCase(originalProto(request.getHeader("X-Forwarded-Proto"))));
    }

    /**
     * The scheme the client used: the left-most entry of {@code X-Forwarded-Proto}, which chained proxies send as a
     * list ({@code https, http}), each appending the scheme it was reached by; as Tomcat's {@code RemoteIpValve} and
     * Spring's {@code ForwardedHeaderFilter} read it.
     */
    private static String originalProto(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
