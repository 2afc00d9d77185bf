/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.RequestedIds;
import dev.baton.core.SessionIds;
import dev.baton.servlet.internal.SessionIdTransport.Requested;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
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
        assertThat(transport.requested(request(List.of("a=1; SESSION=" + id + "; SESSION_v=5.xyz"))).version())
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
        assertThat(transport.requested(request(List.of("SESSION_v=1%2C2"), new Cookie("SESSION_v", "1,2"))).version())
                .isEqualTo("1,2");
        assertThat(transport.requestedId(request(List.of("SESSION=a b"))))
                .as("the container has none of the name").isNull();
    }

    @Test
    void requestedWhenBothCookiesThenEachReadByItsOwnRulesInOnePass() {
        Cookie parsedId = new Cookie("SESSION", "as-the-container-reads-it");

        assertThat(transport.requested(request(List.of("SESSION_v=2.b; a=1",
                "SESSION=short; SESSION=" + id + "; SESSION_v=3.c"))))
                .as("the version first, the ID in a second header").isEqualTo(new Requested(id, "2.b", List.of()));
        assertThat(transport.requested(request(List.of("SESSION=\"" + id + "\"; SESSION_v=4.d"), parsedId)))
                .as("the ID as the container reads it, the version from the header")
                .isEqualTo(new Requested("as-the-container-reads-it", "4.d", List.of()));
        assertThat(transport.requested(request(List.of("SESSION=" + id + "; SESSION=\"x\"; SESSION_v"),
                new Cookie("SESSION", id), new Cookie("SESSION", "x"), new Cookie("SESSION_v", "5.e"))))
                .as("a well-formed ID before one that is not plain; a version without a value")
                .isEqualTo(new Requested(id, "5.e", List.of()));
        assertThat(transport.requested(request(List.of("a=1")))).isEqualTo(new Requested(null, null, List.of()));
    }

    @Test
    void requestedWhenSeveralWellFormedIdsThenTheFirstAndTheOthersInOrderDistinctAndAtMostThree() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(SessionIds.create().next());
        }

        assertThat(transport.requested(request(List.of("SESSION=short; SESSION=" + ids.get(0) + "; SESSION="
                + ids.get(1), "SESSION=" + ids.get(0) + "; SESSION=" + ids.get(2)))))
                .as("across headers, a repeated one once, one not well-formed left out")
                .isEqualTo(new Requested(ids.get(0), null, List.of(ids.get(1), ids.get(2))));
        assertThat(transport.requested(request(List.of(ids.stream().map(v -> "SESSION=" + v)
                .collect(Collectors.joining("; "))))).otherIds())
                .as("a client can make a request read at most four sessions").containsExactlyElementsOf(
                        ids.subList(1, 1 + RequestedIds.MOST_OTHERS));
        assertThat(transport.requested(request(List.of("SESSION=\"" + ids.get(0) + "\"; SESSION=" + ids.get(1)),
                new Cookie("SESSION", ids.get(0)), new Cookie("SESSION", ids.get(1)))))
                .as("as the container reads them").isEqualTo(new Requested(ids.get(0), null, List.of(ids.get(1))));
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
