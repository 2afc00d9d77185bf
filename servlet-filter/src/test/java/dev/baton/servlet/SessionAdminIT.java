/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.InvalidationFeed;
import dev.baton.core.SessionAdmin;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.CountingSessionListener;
import dev.baton.servlet.testing.JettyNodes;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 21, sessions by user, on two nodes of one container sharing a real store: the filter records each request's
 * principal, and {@link SessionAdmin} (the servlet context attribute the filter publishes) on one node lists a user's
 * sessions made on both and "logs out everywhere", ending them on every node with {@code sessionDestroyed} fired once
 * per session cluster-wide.
 */
class SessionAdminIT {

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(new JettyNodes(), TestServices.redisUri()),
                Arguments.of(new TomcatNodes(), TestServices.redisUri()),
                Arguments.of(new JettyNodes(), TestServices.postgresUrl()),
                Arguments.of(new TomcatNodes(), TestServices.postgresUrl()));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void invalidateAllWhenUserIsLoggedInOnBothNodesThenEverySessionEndsOnEveryNodeAndIsDestroyedOnce(
            Node.Factory container, String storeUri) throws SQLException {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        BatonConfig config = BatonConfig.builder().store(storeUri).set("keyPrefix", "baton-test-" + unique + ":")
                .set("tableName", "baton_t_" + unique).set("createSchema", "true").build();
        CountingSessionListener listener = new CountingSessionListener();
        try (Node first = container.start(withPrincipal(config, listener), new AdminApp());
                Node second = container.start(withPrincipal(config, listener), new AdminApp())) {
            List<Browser> alice = List.of(new Browser(), new Browser(), new Browser());
            Browser bob = new Browser();
            assertThat(alice.get(0).get(first, "/login?as=alice").body()).isEqualTo("ok");
            assertThat(alice.get(1).get(second, "/login?as=alice").body()).isEqualTo("ok");
            assertThat(alice.get(2).get(first, "/login?as=alice").body()).isEqualTo("ok");
            assertThat(bob.get(second, "/login?as=bob").body()).isEqualTo("ok");
            for (Browser browser : alice) {
                assertThat(browser.get(second, "/me").body()).isEqualTo("user=alice");
            }

            assertThat(bob.get(first, "/admin/list?user=alice").body()).isEqualTo("3");
            assertThat(bob.get(second, "/admin/logout-everywhere?user=alice").body()).isEqualTo("3");

            for (Browser browser : alice) {
                // A node holding a copy (the one that created the session keeps it) stops serving it once its feed
                // delivers the removal: within InvalidationFeed.LIVENESS_BOUND (docs/near-cache.md).
                await().atMost(InvalidationFeed.LIVENESS_BOUND).pollInterval(Duration.ofMillis(5))
                        .until(() -> browser.get(first, "/me").body().equals("none"));
                assertThat(browser.get(first, "/me").body()).isEqualTo("none");
                assertThat(browser.get(second, "/me").body()).isEqualTo("none");
            }
            assertThat(bob.get(first, "/me").body()).isEqualTo("user=bob");
            assertThat(bob.get(first, "/admin/list?user=alice").body()).isEqualTo("0");
            assertThat(bob.get(first, "/admin/logout-everywhere?user=alice").body()).isEqualTo("0");
            assertThat(listener.destroyed.get()).isEqualTo(3);
            assertThat(listener.usersAtDestruction).containsExactly("alice", "alice", "alice");
        } finally {
            if (storeUri.startsWith("jdbc:")) {
                dropTables(storeUri, config.tableName());
            }
        }
    }

    /** The filter, behind a stand-in for the container's login: {@code ?as=<name>} makes the request's principal. */
    private static Filter withPrincipal(BatonConfig config, CountingSessionListener listener) {
        BatonSessionFilter baton = BatonSessionFilter.builder(config).listener(listener).build();
        return new Filter() {
            @Override
            public void init(FilterConfig filterConfig) throws ServletException {
                baton.init(filterConfig);
            }

            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                HttpServletRequest http = (HttpServletRequest) request;
                String user = http.getParameter("as");
                baton.doFilter(user == null ? http : new HttpServletRequestWrapper(http) {
                    @Override
                    public Principal getUserPrincipal() {
                        return () -> user;
                    }
                }, response, chain);
            }

            @Override
            public void destroy() {
                baton.destroy();
            }
        };
    }

    /** Logs in, shows the session's user, and offers the admin's operations. */
    private static final class AdminApp extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            SessionAdmin admin = (SessionAdmin) getServletContext().getAttribute(SessionAdmin.ATTRIBUTE);
            String path = request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo();
            String user = request.getParameter("user");
            String body = switch (path) {
                case "/login" -> {
                    request.getSession(true).setAttribute("user", request.getUserPrincipal().getName());
                    yield "ok";
                }
                case "/me" -> {
                    HttpSession session = request.getSession(false);
                    yield session == null ? "none" : "user=" + session.getAttribute("user");
                }
                case "/admin/list" -> String.valueOf(admin.sessionsOf(user).size());
                case "/admin/logout-everywhere" -> String.valueOf(admin.invalidateAll(user));
                default -> "?";
            };
            response.setContentType("text/plain");
            response.getWriter().write(body);
        }
    }

    private static void dropTables(String url, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
