/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 6, through the Tomcat manager: a request that finds its session expired fires the web app's
 * {@code sessionDestroyed}, with the session's attributes, once across two nodes, and the reaper adds none. One Redis,
 * a clock the test moves past the timeout.
 */
class ManagerRequestExpiryIT {

    /** The web app's session listener, declared by class name as in {@code web.xml}. */
    public static final class DestroyedSessions implements HttpSessionListener {
        /** The "user" of each destroyed session. */
        static final List<Object> USERS = new CopyOnWriteArrayList<>();

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            USERS.add(event.getSession().getAttribute("user"));
        }
    }

    /** {@code /login?user=} stores the user; {@code /state} answers it, or "none" without a session. */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            if (request.getRequestURI().equals("/login")) {
                request.getSession(true).setAttribute("user", request.getParameter("user"));
                response.getWriter().print("ok");
                return;
            }
            HttpSession session = request.getSession(false);
            response.getWriter().print(session == null ? "none" : session.getAttribute("user"));
        }
    }

    private final MutableClock clock = MutableClock.startingNow();
    private final List<Node> nodes = new ArrayList<>();
    private final List<BatonSessionManager> managers = new ArrayList<>();

    @Test
    void requestWhenItsSessionExpiredThenSessionDestroyedFiresOnceWithItsAttributesAndTheReaperAddsNone() {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        for (int i = 0; i < 2; i++) {
            nodes.add(new TomcatNodes().startConfigured(new App(), context -> {
                BatonSessionManager manager = new BatonSessionManager();
                manager.setProperty("store", TestServices.redisUri());
                manager.setProperty("keyPrefix", "baton-test-" + unique + ":");
                manager.useClock(clock);
                managers.add(manager);
                context.setManager(manager);
                context.addApplicationListener(DestroyedSessions.class.getName());
            }));
        }
        Browser browser = new Browser();
        String user = "frank-" + unique;
        assertThat(browser.get(nodes.get(0), "/login?user=" + user).body()).isEqualTo("ok");
        assertThat(browser.get(nodes.get(1), "/state").body()).isEqualTo(user);

        clock.advance(Duration.ofMinutes(31));

        assertThat(browser.get(nodes.get(1), "/state").body()).isEqualTo("none");
        assertThat(browser.get(nodes.get(0), "/state").body()).isEqualTo("none");
        assertThat(managers.stream().mapToInt(manager -> manager.engine().reapExpired()).sum()).isZero();
        assertThat(DestroyedSessions.USERS).filteredOn(user::equals).hasSize(1);
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }
}
