/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionRequest;
import dev.baton.core.contract.NearCacheNodes.Node;
import java.time.Duration;
import java.util.ArrayList;
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
 * The near cache's chaos check, run by each store with a feed: two caching nodes, every request of several concurrent
 * clients of one session sent to a random node, each client changing values of its own (a counter it sets, a list it
 * changes in place without {@code setAttribute}) and reading everyone's, and a third node that invalidates the session
 * after each round. It counts reads older than what the same client had already written or seen (must be none), reads
 * served after the invalidation had completed (none may come later than 1 s), and how many requests the nodes answered
 * without loading from the store (must be some: a check that never hits the cache proves nothing).
 * {@code -Dbaton.nearCacheChaos.requests=100000} for the long run ({@code scripts/near-cache-chaos.sh}); 8,000 by
 * default.
 */
public abstract class NearCacheChaos {

    private static final int CLIENTS = 4;
    private static final int PER_ROUND = 500;

    private final NearCacheNodes nodes = new NearCacheNodes();

    /**
     * The store's settings, isolated from every other test (a key prefix or a table of its own).
     *
     * @param nodes the fixture, to close a test's tables after its nodes
     * @return the settings, without {@code nearCacheSize}
     */
    protected abstract BatonConfig.Builder storeConfig(NearCacheNodes nodes);

    @AfterEach
    void closeNodes() throws Exception {
        nodes.close();
    }

    /** A client: its session ID, its token, what it wrote and what it saw of each client's counter and list. */
    private static final class Client {
        final int number;
        final String id;
        volatile String token;
        int written;
        int appended;
        final int[] seen = new int[CLIENTS];
        final int[] seenSizes = new int[CLIENTS];

        Client(int number, String id) {
            this.number = number;
            this.id = id;
        }
    }

    /** One request, keeping the client's cookie whatever the answer (a stale node must still be asked). */
    private static <T> T request(Node node, Client client, Function<BatonSession, T> app) {
        SessionRequest request = node.engine().newRequest(client.id);
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
        BatonConfig config = NearCacheNodes.withCache(storeConfig(nodes), "4MiB");
        Node[] caching = {nodes.node(config), nodes.node(config)};
        Node admin = nodes.node(config);
        ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong latestServe = new AtomicLong();
        long worstAfterInvalidation = 0;
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            while (requests.get() < total) {
                SessionRequest creation = admin.engine().newRequest(null);
                creation.getSession(true).setAttribute("round", requests.get());
                creation.save();
                String id = creation.idToSend().orElseThrow();
                creation.release();
                List<Client> clients = new ArrayList<>();
                List<Future<?>> running = new ArrayList<>();
                for (int k = 0; k < CLIENTS; k++) {
                    Client client = new Client(k, id);
                    clients.add(client);
                    running.add(threads.submit(() -> play(caching, client, stale, requests)));
                }
                for (Future<?> run : running) {
                    run.get();
                }
                request(admin, new Client(-1, id), session -> {
                    session.invalidate();
                    return null;
                });
                long invalidated = System.nanoTime();
                for (Client client : clients) {
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> {
                            requests.incrementAndGet();
                            boolean served = request(caching[ThreadLocalRandom.current().nextInt(2)], client,
                                    session -> session != null);
                            if (served) {
                                latestServe.set(System.nanoTime());
                            }
                            return !served;
                        });
                    for (Node node : caching) {
                        requests.incrementAndGet();
                        boolean servedAgain = request(node, client, session -> session != null);
                        assertThat(servedAgain).isFalse();
                    }
                }
                worstAfterInvalidation = Math.max(worstAfterInvalidation,
                        Math.max(0, latestServe.getAndSet(0) - invalidated));
            }
        } finally {
            threads.shutdownNow();
        }
        long loads = 0;
        for (Node node : caching) {
            loads += node.store().calls("load") + node.store().calls("loadLocked");
        }
        long fromCache = requests.get() - loads;
        System.out.printf("near cache chaos: %d requests, %d served without a store load, %d stale reads, latest "
                + "serve after an invalidation: %.3f ms%n", requests.get(), fromCache, stale.size(),
                worstAfterInvalidation / 1e6);
        assertThat(stale).as("reads older than what the same client had written or seen").isEmpty();
        assertThat(Duration.ofNanos(worstAfterInvalidation)).isLessThan(Duration.ofSeconds(1));
        assertThat(fromCache).as("requests the near cache answered").isGreaterThan(requests.get() / 10);
    }

    /**
     * One client's round: on 30 % of its requests it changes a value of its own (its counter, with
     * {@code setAttribute}; or its list, in place), on the others it reads and checks every client's values.
     */
    @SuppressWarnings("unchecked")
    private static void play(Node[] caching, Client client, ConcurrentLinkedQueue<String> stale,
            AtomicLong requests) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String counter = "c" + client.number;
        String list = "l" + client.number;
        for (int i = 0; i < PER_ROUND; i++) {
            Node node = caching[random.nextInt(2)];
            requests.incrementAndGet();
            int dice = random.nextInt(20);
            if (dice < 3) {
                int next = client.written + 1;
                request(node, client, session -> {
                    session.setAttribute(counter, next);
                    return null;
                });
                client.written = next;
            } else if (dice < 6) {
                int size = client.appended + 1;
                request(node, client, session -> {
                    if (session == null) {
                        stale.add("client " + client.number + " found no session");
                        return null;
                    }
                    List<Integer> values = (List<Integer>) session.getAttribute(list);
                    if (values == null) {
                        session.setAttribute(list, new ArrayList<>(List.of(size)));
                    } else {
                        values.add(size);
                    }
                    return null;
                });
                client.appended = size;
            } else {
                request(node, client, session -> {
                    check(session, client, stale);
                    return null;
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(BatonSession session, Client client, ConcurrentLinkedQueue<String> stale) {
        if (session == null) {
            stale.add("client " + client.number + " found no session");
            return;
        }
        for (int k = 0; k < CLIENTS; k++) {
            Object value = session.getAttribute("c" + k);
            int seen = value == null ? 0 : (Integer) value;
            int expected = k == client.number ? client.written : client.seen[k];
            if (seen < expected || (k == client.number && seen != expected)) {
                stale.add("client " + client.number + " read c" + k + "=" + seen + ", had " + expected);
            }
            client.seen[k] = Math.max(client.seen[k], seen);
            List<Integer> values = (List<Integer>) session.getAttribute("l" + k);
            int size = values == null ? 0 : values.size();
            int expectedSize = k == client.number ? client.appended : client.seenSizes[k];
            if (size < expectedSize || (k == client.number && size != expectedSize)
                    || (size > 0 && values.get(size - 1).intValue() != size)) {
                stale.add("client " + client.number + " read l" + k + " of " + size + ", had " + expectedSize);
            }
            client.seenSizes[k] = Math.max(client.seenSizes[k], size);
        }
    }
}
