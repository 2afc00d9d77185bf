/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;

/**
 * A node's memory does not grow with the number of sessions: once their requests have ended, the manager holds none
 * of the sessions it created, and each of them can be garbage-collected.
 */
class ManagerKeepsNoSessionIT {

    private static final int SESSIONS = 2_000;

    /** Keeps only weak references to the sessions it sees created. */
    private static final class WeakTracker implements HttpSessionListener {
        final List<WeakReference<HttpSession>> created = new CopyOnWriteArrayList<>();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            created.add(new WeakReference<>(event.getSession()));
        }
    }

    @Test
    void sessionsWhenTwoThousandCreatedThenManagerHoldsNoneAndEachIsCollectable() {
        InMemorySessionStore store = new InMemorySessionStore(Clock.systemUTC());
        BatonSessionManager manager = new BatonSessionManager();
        WeakTracker tracker = new WeakTracker();
        CountDownLatch release = new CountDownLatch(1);
        try (Node node = new TomcatNodes().startConfigured(new ProbeServlet(release), context -> {
            manager.setProperty("store", "memory:");
            manager.useStore(store);
            context.setManager(manager);
            ((StandardContext) context).addApplicationLifecycleListener(tracker);
        })) {
            for (int i = 0; i < SESSIONS; i++) {
                new Browser().get(node, "/set?name=payload&value=" + "x".repeat(100) + i);
            }

            assertThat(tracker.created).hasSize(SESSIONS);
            assertThat(manager.getSessionCounter()).isEqualTo(SESSIONS);
            assertThat(manager.findSessions()).isEmpty();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                System.gc();
                return tracker.created.stream().allMatch(session -> session.get() == null);
            });
        } finally {
            release.countDown();
        }
    }
}
