/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionIds;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ID and the near-cache token as read from the {@code Cookie} headers, or from the container's cookies. */
class SessionIdTransportTest {

    private final SessionIdTransport transport = new SessionIdTransport(BatonConfig.builder().store("memory:")
            .build(), "SESSION");
    private final String id = SessionIds.create().next();
    private final String other = SessionIds.create().next();

    @Test
    void requestedIdWhenPlainCookiesThenReadFromTheHeadersAsTheContainerWould() {
        assertThat(transport.requestedId(request(List.of()))).isNull();
        assertThat(transport.requestedId(request(List.of("a=1; b=2")))).isNull();
        assertThat(transport.requestedId(request(List.of("a=1; SESSION=" + id + "; SESSION_v=5.xyz")))).isEqualTo(id);
        assertThat(transport.requestedVersion(request(List.of("a=1; SESSION=" + id + "; SESSION_v=5.xyz"))))
                .isEqualTo("5.xyz");
        assertThat(transport.requestedId(request(List.of(" \tSESSION = " + id + " ;x=y")))).as("spaces around")
                .isEqualTo(id);
        assertThat(transport.requestedId(request(List.of("XSESSION=" + other + "; SESSION_v=1.a; SESSIONX=" + other))))
                .as("other names").isNull();
        assertThat(transport.requestedId(request(List.of("a=1", "SESSION=" + id)))).as("a second header")
                .isEqualTo(id);
    }

    @Test
    void requestedIdWhenSeveralCookiesOfTheNameThenTheFirstWellFormedElseTheFirst() {
        assertThat(transport.requestedId(request(List.of("SESSION=short; SESSION=" + id + "; SESSION=" + other))))
                .isEqualTo(id);
        assertThat(transport.requestedId(request(List.of("SESSION=short; SESSION=also-short")))).isEqualTo("short");
        assertThat(transport.requestedId(request(List.of("SESSION=; a=b")))).as("empty").isEmpty();
    }

    @Test
    void requestedIdWhenAValueOfTheNameIsNotAPlainTokenThenTheContainersCookiesDecide() {
        Cookie parsed = new Cookie("SESSION", "as-the-container-reads-it");

        assertThat(transport.requestedId(request(List.of("SESSION=\"" + id + "\""), parsed)))
                .isEqualTo("as-the-container-reads-it");
        assertThat(transport.requestedId(request(List.of("a=\"x; SESSION=" + id + "\""), parsed))).as("quote inside")
                .isEqualTo("as-the-container-reads-it");
        assertThat(transport.requestedId(request(List.of("SESSION; a=b"), parsed))).as("no value")
                .isEqualTo("as-the-container-reads-it");
        assertThat(transport.requestedVersion(request(List.of("SESSION_v=1%2C2"), new Cookie("SESSION_v", "1,2"))))
                .isEqualTo("1,2");
        assertThat(transport.requestedId(request(List.of("SESSION=a b"))))
                .as("the container has none of the name").isNull();
    }

    /** A request with these {@code Cookie} headers, whose container parsed them to {@code parsed}. */
    private static HttpServletRequest request(List<String> headers, Cookie... parsed) {
        return (HttpServletRequest) Proxy.newProxyInstance(SessionIdTransportTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> "Cookie".equalsIgnoreCase((String) args[0])
                            ? Collections.enumeration(headers) : Collections.emptyEnumeration();
                    case "getCookies" -> parsed.length == 0 ? null : parsed;
                    case "getHeader" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
