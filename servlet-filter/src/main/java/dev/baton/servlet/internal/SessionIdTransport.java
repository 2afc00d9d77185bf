package dev.baton.servlet.internal;

import dev.baton.core.BatonConfig;
import dev.baton.core.CookieSecure;
import dev.baton.core.SessionIds;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Carries the session ID between client and server: in a cookie (HttpOnly, SameSite, Secure per configuration, path
 * = the web app's context path, optional {@code __Host-} prefix and Domain), or in a header for APIs. Never in URLs.
 */
public final class SessionIdTransport {

    private static final String HOST_PREFIX = "__Host-";

    private final String cookieName;
    private final String header;
    private final BatonConfig config;

    /**
     * @param config the configuration
     * @param defaultCookieName the cookie name when {@code cookieName} is not configured
     */
    public SessionIdTransport(BatonConfig config, String defaultCookieName) {
        this.config = config;
        String name = config.cookieName().orElse(defaultCookieName);
        this.cookieName = config.cookieHostPrefix() ? HOST_PREFIX + name : name;
        this.header = config.sessionIdHeader().orElse(null);
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
        if (header != null) {
            return request.getHeader(header);
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        String first = null;
        for (Cookie cookie : cookies) {
            if (cookieName.equals(cookie.getName())) {
                String value = cookie.getValue();
                if (SessionIds.isWellFormed(value)) {
                    return value;
                }
                if (first == null) {
                    first = value;
                }
            }
        }
        return first;
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
            response.addCookie(cookie(request, id, -1));
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
            response.addCookie(cookie(request, "", 0));
        }
    }

    private Cookie cookie(HttpServletRequest request, String value, int maxAge) {
        Cookie cookie = new Cookie(cookieName, value);
        cookie.setHttpOnly(true);
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", config.cookieSameSite().attributeValue());
        if (config.cookieHostPrefix()) {
            cookie.setPath("/");
            cookie.setSecure(true);
        } else {
            // The web app's own context path, not the request's spelling of it (path parameters, encoded characters).
            String contextPath = request.getServletContext().getContextPath();
            cookie.setPath(contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
            cookie.setSecure(secure(request));
            config.cookieDomain().ifPresent(cookie::setDomain);
        }
        return cookie;
    }

    private boolean secure(HttpServletRequest request) {
        CookieSecure rule = config.cookieSecure();
        if (rule != CookieSecure.AUTO) {
            return rule == CookieSecure.ALWAYS;
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
