/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter's cookie path is the web app's context path however the request spelled it (issue 18, item 8): a path
 * parameter ({@code /app;x=1}) or an encoded character ({@code /%61pp}) in the request's context path must neither
 * break the cookie nor give it a path the browser never sends it back to.
 */
class FilterCookiePathIT {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Node node = new TomcatNodes("/app").startDeclared(Map.of("store", "memory:"), 30,
            new ProbeServlet(release));

    @AfterEach
    void stop() {
        release.countDown();
        node.close();
    }

    private static String setCookie(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Set-Cookie").orElseThrow();
    }

    @Test
    void cookiePathWhenContextPathHasPathParameterThenPlainContextPath() {
        assertThat(setCookie(new Browser().get(node, "/app;x=1/create"))).containsPattern("(?i)Path=/app(;|$)");
    }

    @Test
    void cookiePathWhenContextPathIsEncodedThenDecodedContextPath() {
        assertThat(setCookie(new Browser().get(node, "/%61pp/create"))).containsPattern("(?i)Path=/app(;|$)");
    }

    @Test
    void cookiePathWhenContextPathAsConfiguredThenContextPath() {
        assertThat(setCookie(new Browser().get(node, "/app/create"))).containsPattern("(?i)Path=/app(;|$)");
    }
}
