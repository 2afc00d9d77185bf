/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two web apps of one Tomcat with the same manager line, hence one store and one key prefix, as {@code conf/context.xml}
 * gives every web app. Found by hand on a stock Tomcat 11: a session the distribution's {@code examples} app let a
 * client fill ({@code user=mallory}) was accepted, attributes and all, by another web app. Tomcat keeps each web
 * app's sessions apart; so must the manager.
 */
class ManagerSharedNamespaceIT {

    private final List<Tomcat> servers = new ArrayList<>();

    @AfterEach
    void stop() throws LifecycleException {
        for (Tomcat tomcat : servers) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void requestWhenItCarriesAnotherWebAppsSessionIdThenThisWebAppHasNoSession() {
        Node node = start(Map.of());
        Browser browser = new Browser();
        assertThat(browser.get(node, "/a/set?user=mallory").body()).isEqualTo("set mallory");
        String idOfA = browser.cookies().get("JSESSIONID");

        Browser intruder = new Browser();
        intruder.setCookie("JSESSIONID", idOfA);

        assertThat(intruder.get(node, "/b/get").body()).isEqualTo("no session");
        assertThat(intruder.get(node, "/b/set?user=bob").body()).isEqualTo("set bob");
        assertThat(intruder.cookies().get("JSESSIONID")).isNotEqualTo(idOfA);
        assertThat(browser.get(node, "/a/get").body()).isEqualTo("user=mallory");
    }

    @Test
    void requestWhenItCarriesAnotherWebAppsSessionIdUnderLockModeSessionThenThatSessionIsLeftUnlocked() {
        // A lock left held would make the owner's next request wait lockTimeout and fail with 503.
        Node node = start(Map.of("lockMode", "session"));
        Browser browser = new Browser();
        browser.get(node, "/a/set?user=ann");
        Browser other = new Browser();
        other.setCookie("JSESSIONID", browser.cookies().get("JSESSIONID"));

        assertThat(other.get(node, "/b/get").body()).isEqualTo("no session");

        var next = browser.get(node, "/a/set?user=ann2");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(browser.get(node, "/a/get").body()).isEqualTo("user=ann2");
    }

    /** One Tomcat with web apps {@code /a} and {@code /b}, each the same servlet, both on one store and key prefix. */
    private Node start(Map<String, String> keys) {
        Map<String, String> shared = new LinkedHashMap<>(keys);
        shared.put("keyPrefix", "scope-" + UUID.randomUUID() + ":");
        Map<String, HttpServlet> webApps = new LinkedHashMap<>();
        webApps.put("/a", new UserServlet());
        webApps.put("/b", new UserServlet());
        return WebAppsTomcat.start(servers, webApps, false, shared);
    }

    /** {@code /set?user=} (creating the session) and {@code /get}. */
    private static final class UserServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getPathInfo().equals("/set")) {
                request.getSession(true).setAttribute("user", request.getParameter("user"));
                response.getWriter().print("set " + request.getParameter("user"));
                return;
            }
            HttpSession session = request.getSession(false);
            response.getWriter().print(session == null ? "no session" : "user=" + session.getAttribute("user"));
        }
    }
}
