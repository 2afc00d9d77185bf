/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cross-context include or forward ({@code crossContext="true"}, as the Servlet TCK's {@code HttpSessionxTests}
 * use) into a web app whose sessions the manager keeps: the dispatch does not pass through the target's pipeline, so
 * its manager is asked with no request of its own bound. As with Tomcat's own manager, the target web app keeps a
 * session of its own for the including web app's session; here it lives in Redis, is saved as the dispatch ends, and
 * is found by the next dispatch on any node.
 */
class ManagerCrossContextIT {

    private final List<Tomcat> servers = new ArrayList<>();

    @AfterEach
    void stop() throws LifecycleException {
        for (Tomcat tomcat : servers) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void includeWhenTargetCreatesItsSessionThenTheNextIncludeOnAnotherNodeFindsIt() {
        Node first = start(Map.of());
        Node second = start(Map.of());
        Browser browser = new Browser();

        assertThat(browser.get(first, "/a/include/set?v=blue").body()).isEqualTo("set blue");

        assertThat(browser.get(second, "/a/include/get").body()).isEqualTo("v=blue");
    }

    @Test
    void includeWhenTargetSetsAnAttributeThenTheIncludingWebAppsSessionDoesNotHaveIt() {
        Node node = start(Map.of());
        Browser browser = new Browser();

        browser.get(node, "/a/include/set?v=blue");

        assertThat(browser.get(node, "/a/own").body()).isEqualTo("own v=null");
    }

    @Test
    void forwardWhenTargetCreatesItsSessionThenTheNextForwardFindsIt() {
        Node first = start(Map.of());
        Node second = start(Map.of());
        Browser browser = new Browser();

        assertThat(browser.get(first, "/a/forward/set?v=green").body()).isEqualTo("set green");

        assertThat(browser.get(second, "/a/forward/get").body()).isEqualTo("v=green");
    }

    @Test
    void includeWhenTargetInvalidatesThenRequestedIdNoLongerValidThereAndTheIncludingSessionLives() {
        Node node = start(Map.of());
        Browser browser = new Browser();
        browser.get(node, "/a/include/set?v=blue");

        assertThat(browser.get(node, "/a/include/invalidate").body()).isEqualTo("invalidated, requested valid=false");

        assertThat(browser.get(node, "/a/include/get").body()).isEqualTo("no session");
        assertThat(browser.get(node, "/a/own").body()).isEqualTo("own v=null");
    }

    @Test
    void includeWhenTargetOnlyChecksTheRequestedIdUnderLockModeSessionThenItsLockIsReleased() {
        // A lock left held would make the next include wait lockTimeout and fail with 503.
        Node node = start(Map.of("lockMode", "session"));
        Browser browser = new Browser();
        browser.get(node, "/a/include/set?v=blue");

        assertThat(browser.get(node, "/a/include/valid").body()).isEqualTo("requested valid=true");

        assertThat(browser.get(node, "/a/include/set?v=red").statusCode()).isEqualTo(200);
        assertThat(browser.get(node, "/a/include/get").body()).isEqualTo("v=red");
    }

    /** One Tomcat with web apps {@code /a} (which dispatches into {@code /b}) and {@code /b}, both on the manager. */
    private Node start(Map<String, String> keys) {
        Map<String, HttpServlet> webApps = new LinkedHashMap<>();
        webApps.put("/a", new Including());
        webApps.put("/b", new Target());
        return WebAppsTomcat.start(servers, webApps, true, keys);
    }

    /** {@code /a}: {@code /include/<op>} and {@code /forward/<op>} dispatch to {@code /b/<op>}; {@code /own}. */
    private static final class Including extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            String[] path = request.getPathInfo().split("/", 3);
            if (path[1].equals("own")) {
                HttpSession own = request.getSession(false);
                response.getWriter().print(own == null ? "no own session" : "own v=" + own.getAttribute("v"));
                return;
            }
            String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
            var dispatcher = getServletContext().getContext("/b").getRequestDispatcher("/" + path[2] + query);
            if (path[1].equals("forward")) {
                dispatcher.forward(request, response);
            } else {
                dispatcher.include(request, response);
            }
        }
    }

    /** {@code /b}: {@code /set?v=}, {@code /get}, {@code /invalidate}, {@code /valid}, on its own session. */
    private static final class Target extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String op = (String) request.getAttribute("jakarta.servlet.include.path_info");
            op = op != null ? op : request.getPathInfo();
            StringBuilder out = new StringBuilder();
            switch (op) {
                case "/set" -> {
                    request.getSession(true).setAttribute("v", request.getParameter("v"));
                    out.append("set ").append(request.getParameter("v"));
                }
                case "/get" -> {
                    HttpSession session = request.getSession(false);
                    out.append(session == null ? "no session" : "v=" + session.getAttribute("v"));
                }
                case "/invalidate" -> {
                    request.getSession(false).invalidate();
                    out.append("invalidated, requested valid=").append(request.isRequestedSessionIdValid());
                }
                case "/valid" -> out.append("requested valid=").append(request.isRequestedSessionIdValid());
                default -> throw new IllegalArgumentException(op);
            }
            response.getWriter().print(out);
        }
    }
}
