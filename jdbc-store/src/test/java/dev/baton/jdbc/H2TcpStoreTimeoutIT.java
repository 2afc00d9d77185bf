/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.StallingProxy;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 13: an H2 server reached over TCP that stops answering (behind a proxy that forwards nothing, the
 * sockets left open) makes each operation fail within storeTimeout; H2's client has no read timeout of its own.
 */
class H2TcpStoreTimeoutIT {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
    /** Time allowed past storeTimeout: the network grace (250 ms) plus a loaded machine's scheduling. */
    private static final Duration MARGIN = Duration.ofMillis(1000);
    /** How long a hung operation is waited for before the test gives up on it. */
    private static final Duration HUNG = Duration.ofSeconds(15);
    private static final SessionIds IDS = SessionIds.create();

    private Server server;
    private StallingProxy proxy;
    private SessionStore store;

    @BeforeEach
    void open() throws SQLException {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        proxy = new StallingProxy(server.getPort());
        String url = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:baton_tcp_" + Long.toHexString(System.nanoTime())
                + ";DB_CLOSE_DELAY=-1";
        BatonConfig config = BatonConfig.builder().store(url).set("storeTimeout", STORE_TIMEOUT.toMillis() + "ms")
                .set("poolSize", "2").build();
        store = SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
    }

    @AfterEach
    void close() {
        proxy.resume();
        store.close();
        proxy.close();
        server.stop();
    }

    private static SessionChange change(SessionChange.Kind kind, String id, String cart) {
        Instant now = Instant.now();
        return new SessionChange(kind, id, now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)),
                null, Map.of("cart", cart.getBytes()), Set.of());
    }

    private static void assertFailsInTime(String what, ThrowingCallable call) {
        long start = System.nanoTime();
        assertTimeoutPreemptively(HUNG, () -> assertThatThrownBy(call).as(what)
                .isInstanceOf(SessionStoreUnavailableException.class), what + " hung");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(STORE_TIMEOUT.plus(MARGIN));
    }

    @Test
    void operationsWhenTheServerStopsAnsweringThenFailWithinStoreTimeoutAndRecoverAfterwards() {
        String id = IDS.next();
        assertThat(store.save(change(SessionChange.Kind.CREATE, id, "before"))).isEqualTo(SaveResult.SAVED);
        proxy.stall();

        assertFailsInTime("save", () -> store.save(change(SessionChange.Kind.UPDATE, id, "lost")));
        assertFailsInTime("load", () -> store.load(id));
        assertFailsInTime("ping", store::ping);

        proxy.resume();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> store.load(id).isPresent());
        assertThat(new String(store.load(id).orElseThrow().attributes().get("cart"))).isEqualTo("before");
    }
}
