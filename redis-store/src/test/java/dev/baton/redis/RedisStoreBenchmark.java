/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.redis.testing.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A load run of the store against a private redis-server on this machine (not a test; run by hand, figures in
 * {@code docs/benchmarks.md}): latency and throughput of create, load and a one-attribute delta, for 2 KB and 100 KB
 * sessions, and the bytes Redis received per delta ({@code INFO stats total_net_input_bytes}).
 */
final class RedisStoreBenchmark {

    private static final SessionIds IDS = SessionIds.create();

    private RedisStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + redis.port).build();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    RedisStoreBenchmark.class.getClassLoader())) {
                run(store, redis, "2 KB", 4, 512, 4000, threads);
                run(store, redis, "100 KB", 10, 10 * 1024, 1000, threads);
            }
        }
    }

    private static void run(SessionStore store, RedisServers.Server redis, String label, int attributes, int size,
            int sessions, int threads) throws Exception {
        Map<String, byte[]> values = new HashMap<>();
        for (int i = 0; i < attributes; i++) {
            byte[] value = new byte[size];
            ThreadLocalRandom.current().nextBytes(value);
            values.put("attribute" + i, value);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add(IDS.next());
        }
        // Warm-up: the JIT and the connection, on sessions that are not measured.
        for (int i = 0; i < 500; i++) {
            String id = IDS.next();
            store.save(create(id, values));
            store.load(id);
            store.save(delta(id));
        }
        measure(label, "create", ids, threads, id -> store.save(create(id, values)));
        measure(label, "load", ids, threads, store::load);
        long before = netInput(redis);
        measure(label, "delta (one 32-byte attribute)", ids, threads, id -> store.save(delta(id)));
        long perDelta = (netInput(redis) - before) / (2L * ids.size()); // measure() runs each call twice
        System.out.printf("%-7s bytes received by Redis per delta: %d (session size %d bytes)%n", label, perDelta,
                attributes * size);
    }

    private static void measure(String label, String operation, List<String> ids, int threads,
            Consumer<String> call) throws Exception {
        long[] single = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            long start = System.nanoTime();
            call.accept(ids.get(i));
            single[i] = System.nanoTime() - start;
        }
        Arrays.sort(single);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (String id : ids) {
            done.add(pool.submit(() -> call.accept(id)));
        }
        for (Future<?> future : done) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%-7s %-30s 1 thread: p50 %6.0f us, p99 %6.0f us, %6.0f ops/s | %d threads: %6.0f ops/s%n",
                label, operation, single[single.length / 2] / 1e3, single[single.length * 99 / 100] / 1e3,
                single.length / (Arrays.stream(single).sum() / 1e9), threads, ids.size() / seconds);
    }

    private static SessionChange create(String id, Map<String, byte[]> values) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, values, Set.of());
    }

    private static SessionChange delta(String id) {
        Instant now = Instant.now();
        byte[] value = new byte[32];
        ThreadLocalRandom.current().nextBytes(value);
        return new SessionChange(SessionChange.Kind.UPDATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("counter", value), Set.of());
    }

    private static long netInput(RedisServers.Server redis) {
        for (String line : redis.cli("info", "stats").split("\r?\n")) {
            if (line.startsWith("total_net_input_bytes:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no total_net_input_bytes in INFO stats");
    }
}
