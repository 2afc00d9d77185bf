/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chaos check of the near cache on real Redis: two caching nodes, every request of several concurrent clients of one
 * session sent to a random node, each client writing its own attribute and reading everyone's, and a third node that
 * invalidates the session after each round. It counts reads older than what the same client had already written or
 * seen (must be none), and reads served after the invalidation had completed (their delay is printed; none may come
 * later than the hard bound, {@code touchInterval}). {@code -Dbaton.nearCacheChaos.requests=100000} for the long run
 * ({@code scripts/near-cache-chaos.sh}); 8,000 by default.
 */
class RedisNearCacheChaosIT {

    private static final int CLIENTS = 4;
    private static final int PER_ROUND = 500;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A client: its session ID, its token, what it wrote and what it saw. */
    static final class Client {
        final int number;
        String id;
        String token;
        int written;
        final int[] seen = new int[CLIENTS];

        Client(int number, String id) {
            this.number = number;
            this.id = id;
        }
    }

    private SessionEngine node(BatonConfig config) {
        SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());
        opened.add(store);
        SessionEngine engine = SessionEngine.builder(config).store(store).build();
        opened.add(engine);
        return engine;
    }

    private static <T> T request(SessionEngine node, Client client, Function<BatonSession, T> app) {
        SessionRequest request = node.newRequest(client.id);
        request.presentVersion(client.token);
        try {
            T result = app.apply(request.getSession(false));
            request.save();
            request.versionToSend().ifPresent(token -> client.token = token.isEmpty() ? null : token);
            return result;
        } finally {
            request.release();
        }
    }

    @Test
    void randomNodesWhenClientsWriteAndThirdNodeInvalidatesThenNoStaleReadBeyondTheBound() throws Exception {
        int total = Integer.getInteger("baton.nearCacheChaos.requests", 8_000);
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri())
                .set("keyPrefix", "baton-chaos-" + unique + ":").set("nearCacheSize", "4MiB")
                .set("maxInactiveInterval", "30s").build();
        SessionEngine[] nodes = {node(config), node(config)};
        SessionEngine admin = node(config);
        ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong latestServe = new AtomicLong();
        long worstAfterInvalidation = 0;
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            while (requests.get() < total) {
                SessionRequest creation = admin.newRequest(null);
                creation.getSession(true).setAttribute("round", requests.get());
                creation.save();
                String id = creation.idToSend().orElseThrow();
                List<Client> clients = new ArrayList<>();
                List<Future<?>> running = new ArrayList<>();
                for (int k = 0; k < CLIENTS; k++) {
                    Client client = new Client(k, id);
                    clients.add(client);
                    running.add(threads.submit(() -> play(nodes, client, stale, requests)));
                }
                for (Future<?> run : running) {
                    run.get();
                }
                Client invalidator = new Client(-1, id);
                request(admin, invalidator, session -> {
                    session.invalidate();
                    return null;
                });
                long invalidated = System.nanoTime();
                for (Client client : clients) {
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> {
                        SessionEngine node = nodes[ThreadLocalRandom.current().nextInt(2)];
                        requests.incrementAndGet();
                        boolean served = request(node, client, session -> session != null);
                        if (served) {
                            latestServe.set(System.nanoTime());
                        }
                        return !served;
                    });
                    for (SessionEngine node : nodes) {
                        requests.incrementAndGet();
                        Boolean servedAgain = request(node, client, session -> session != null);
                        assertThat(servedAgain).isFalse();
                    }
                }
                worstAfterInvalidation = Math.max(worstAfterInvalidation, Math.max(0,
                        latestServe.getAndSet(0) - invalidated));
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("near cache chaos: %d requests, %d stale reads, latest serve after an invalidation: "
                + "%.3f ms%n", requests.get(), stale.size(), worstAfterInvalidation / 1e6);
        assertThat(stale).as("reads older than what the same client had written or seen").isEmpty();
        assertThat(Duration.ofNanos(worstAfterInvalidation)).isLessThan(Duration.ofSeconds(1));
    }

    /** One client's round: writes its own counter on some requests, reads and checks every counter on the others. */
    private static void play(SessionEngine[] nodes, Client client, ConcurrentLinkedQueue<String> stale,
            AtomicLong requests) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String mine = "c" + client.number;
        for (int i = 0; i < PER_ROUND; i++) {
            SessionEngine node = nodes[random.nextInt(2)];
            requests.incrementAndGet();
            if (random.nextInt(10) < 3) {
                int next = client.written + 1;
                request(node, client, session -> {
                    session.setAttribute(mine, next);
                    return null;
                });
                client.written = next;
                continue;
            }
            request(node, client, session -> {
                if (session == null) {
                    stale.add("client " + client.number + " found no session");
                    return null;
                }
                for (int k = 0; k < CLIENTS; k++) {
                    Object value = session.getAttribute("c" + k);
                    int seen = value == null ? 0 : (Integer) value;
                    int expected = k == client.number ? client.written : client.seen[k];
                    if (seen < expected || (k == client.number && seen != expected)) {
                        stale.add("client " + client.number + " read c" + k + "=" + seen + ", had " + expected);
                    }
                    client.seen[k] = Math.max(client.seen[k], seen);
                }
                return null;
            });
        }
    }
}
