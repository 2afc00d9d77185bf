/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import jakarta.servlet.http.Cookie;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.tomcat.util.buf.ByteChunk;

/**
 * What Tomcat's authenticators keep in a session, in forms the codec stores safely: plain records of JDK types,
 * converted from and back to Tomcat's own classes (which the allow-list never has to admit). The principal keeps its
 * name and roles; a FORM login's saved request keeps method, URIs, query, headers, cookies, locales and body.
 */
final class ReplicatedAuth {

    private ReplicatedAuth() {
    }

    /** A principal: name and roles. */
    record PrincipalData(String name, List<String> roles) {

        static PrincipalData of(Principal principal) {
            List<String> roles = principal instanceof GenericPrincipal generic
                    ? new ArrayList<>(Arrays.asList(generic.getRoles())) : new ArrayList<>();
            return new PrincipalData(principal.getName(), roles);
        }

        Principal toPrincipal() {
            return new GenericPrincipal(name, roles);
        }
    }

    /** A cookie of a saved request. */
    record CookieData(String name, String value) {
    }

    /** The request a FORM login interrupted, replayed after the login. */
    record SavedRequestData(String method, String requestUri, String decodedRequestUri, String queryString,
            String contentType, byte[] body, Map<String, List<String>> headers, List<Locale> locales,
            List<CookieData> cookies, int originalMaxInactiveInterval) {

        static SavedRequestData of(SavedRequest saved) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            saved.getHeaderNames().forEachRemaining(name -> headers.put(name,
                    new ArrayList<>(Collections.list(Collections.enumeration(iterable(saved, name))))));
            List<Locale> locales = new ArrayList<>();
            saved.getLocales().forEachRemaining(locales::add);
            List<CookieData> cookies = new ArrayList<>();
            saved.getCookies().forEachRemaining(c -> cookies.add(new CookieData(c.getName(), c.getValue())));
            ByteChunk body = saved.getBody();
            byte[] bytes = body == null ? null : Arrays.copyOfRange(body.getBytes(), body.getStart(), body.getEnd());
            return new SavedRequestData(saved.getMethod(), saved.getRequestURI(), saved.getDecodedRequestURI(),
                    saved.getQueryString(), saved.getContentType(), bytes, headers, locales, cookies,
                    saved.getOriginalMaxInactiveInterval());
        }

        private static List<String> iterable(SavedRequest saved, String name) {
            List<String> values = new ArrayList<>();
            saved.getHeaderValues(name).forEachRemaining(values::add);
            return values;
        }

        SavedRequest toSavedRequest() {
            SavedRequest saved = new SavedRequest();
            saved.setMethod(method);
            saved.setRequestURI(requestUri);
            saved.setDecodedRequestURI(decodedRequestUri);
            saved.setQueryString(queryString);
            saved.setContentType(contentType);
            if (body != null) {
                ByteChunk chunk = new ByteChunk();
                chunk.setBytes(body, 0, body.length);
                saved.setBody(chunk);
            }
            headers.forEach((name, values) -> values.forEach(value -> saved.addHeader(name, value)));
            locales.forEach(saved::addLocale);
            cookies.forEach(c -> saved.addCookie(new Cookie(c.name(), c.value())));
            saved.setOriginalMaxInactiveInterval(originalMaxInactiveInterval);
            return saved;
        }
    }
}
