/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.CountingSessionListener;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.Serializable;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19, item 6: as Tomcat does, a request that finds its session expired fires {@code sessionDestroyed} (with the
 * session's attributes, and {@code valueUnbound}) before it gets a new session, exactly once in the cluster, and the
 * reaper does not fire it again. Two Tomcat nodes with the filter on one store, their reapers idle (an hour apart), and
 * a clock the test moves past the timeout.
 */
class RequestExpiryIT {

    /** How many badges were unbound, by the owner's name. */
    static final java.util.Map<String, AtomicInteger> UNBOUND = new java.util.concurrent.ConcurrentHashMap<>();

    /** A value that hears its unbinding, as a login record in an app would. */
    public static final class Badge implements HttpSessionBindingListener, Serializable {
        private static final long serialVersionUID = 1L;
        /** Whose badge. */
        public String owner;

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            UNBOUND.computeIfAbsent(owner, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** {@code /login?user=}: stores the user and a badge; {@code /state}: the user, or "none" without a session. */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            if (request.getRequestURI().equals("/login")) {
                HttpSession session = request.getSession(true);
                String user = request.getParameter("user");
                session.setAttribute("user", user);
                Badge badge = new Badge();
                badge.owner = user;
                session.setAttribute("badge", badge);
                response.getWriter().print("ok");
                return;
            }
            HttpSession session = request.getSession(false);
            response.getWriter().print(session == null ? "none" : session.getAttribute("user"));
        }
    }

    private final MutableClock clock = MutableClock.startingNow();
    private final CountingSessionListener listener = new CountingSessionListener();
    private final List<Node> nodes = new ArrayList<>();
    private final List<BatonSessionFilter> filters = new ArrayList<>();
    private final List<SessionStore> stores = new ArrayList<>();
    private String tableToDrop;

    private void startTwoNodes(String storeKind) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        BatonConfig config = BatonConfig.builder()
                .store(storeKind.equals("redis") ? TestServices.redisUri() : TestServices.postgresUrl())
                .set("keyPrefix", "baton-test-" + unique + ":")
                .set("tableName", "baton_t_" + unique)
                .set("createSchema", "true")
                .set("allowedClasses", RequestExpiryIT.class.getName())
                .set("reapInterval", "1h")
                .build();
        if (storeKind.equals("postgresql")) {
            tableToDrop = config.tableName();
        }
        for (int i = 0; i < 2; i++) {
            SessionStore store = SessionStores.open(new StoreContext(config, clock), getClass().getClassLoader());
            stores.add(store);
            BatonSessionFilter filter = BatonSessionFilter.builder(config).store(store).clock(clock)
                    .listener(listener).build();
            filters.add(filter);
            nodes.add(new TomcatNodes().start(filter, new App()));
        }
    }

    private int reapedByTheReapers() {
        return filters.stream().mapToInt(filter -> filter.engine().reapExpired()).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgresql"})
    void requestWhenItsSessionExpiredThenSessionDestroyedFiresOnceWithItsAttributesAndTheReaperAddsNone(
            String storeKind) {
        startTwoNodes(storeKind);
        Browser browser = new Browser();
        String user = "erin-" + storeKind;
        assertThat(browser.get(nodes.get(0), "/login?user=" + user).body()).isEqualTo("ok");
        assertThat(browser.get(nodes.get(1), "/state").body()).isEqualTo(user);

        clock.advance(Duration.ofMinutes(31));
        String state = browser.get(nodes.get(1), "/state").body();

        assertThat(state).isEqualTo("none");
        assertThat(listener.destroyed).hasValue(1);
        assertThat(listener.usersAtDestruction).containsExactly(user);
        assertThat(UNBOUND.get(user)).hasValue(1);
        assertThat(browser.get(nodes.get(0), "/state").body()).isEqualTo("none");
        assertThat(reapedByTheReapers()).isZero();
        assertThat(listener.destroyed).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgresql"})
    void requestsWhenTwoNodesFindTheSameSessionExpiredAtOnceThenSessionDestroyedFiresOnce(String storeKind) {
        startTwoNodes(storeKind);
        List<String> users = new ArrayList<>();
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Browser browser = new Browser();
            String user = "user" + i + "-" + storeKind;
            browser.get(nodes.get(i % 2), "/login?user=" + user);
            users.add(user);
            browsers.add(browser);
        }

        clock.advance(Duration.ofMinutes(31));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (Browser browser : browsers) {
            answers.add(browser.getAsync(nodes.get(0), "/state"));
            answers.add(browser.getAsync(nodes.get(1), "/state"));
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.join().body()).isEqualTo("none"));
        assertThat(reapedByTheReapers()).isZero();
        assertThat(listener.destroyed).hasValue(users.size());
        assertThat(listener.usersAtDestruction).containsExactlyInAnyOrderElementsOf(users);
        assertThat(users).allSatisfy(user -> assertThat(UNBOUND.get(user)).hasValue(1));
    }

    @AfterEach
    void stop() throws SQLException {
        nodes.forEach(Node::close);
        stores.forEach(SessionStore::close);
        if (tableToDrop != null) {
            try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop + "_attributes");
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop + "_counters");
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop);
            }
        }
    }
}
