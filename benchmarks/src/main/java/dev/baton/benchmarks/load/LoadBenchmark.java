/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load benchmark: every variant, every workload, several rounds alternating (each round's variants there and
 * back, so that a steady drift of the machine weighs on all alike), driven by {@code wrk} over loopback; then Redis
 * round trips per request counted with {@code MONITOR} on single requests, and the scale runs.
 * Prints a Markdown report and writes it, with an SVG chart, under {@code --out}.
 *
 * <pre>
 * bash benchmarks/load.sh [--rounds 3] [--duration 10] [--variants baseline,floor,...] [--workloads read,write]
 *     [--scale 1000,1000000|none] [--lock true|false]
 * </pre>
 */
public final class LoadBenchmark {

    /** A run of each workload in a pass of the JIT warm-up. */
    private static final Duration SETTLE_RUN = Duration.ofSeconds(2);
    /** The most passes of the JIT warm-up. */
    private static final int SETTLE_PASSES = 8;

    private LoadBenchmark() {
    }

    /**
     * One run's figures: throughput, latency, and the CPU time per request of the node's JVM and of Redis (both
     * share the two cores with wrk, so CPU per request is what throughput is made of, and is far less noisy).
     */
    record Measurement(double requestsPerSecond, double p50Millis, double p99Millis, double nodeCpuMicros,
            double redisCpuMicros) {

        /**
         * This run and another as long, as one: requests/s and the latencies averaged, CPU per request weighted by
         * each run's requests.
         */
        Measurement and(Measurement other) {
            double total = requestsPerSecond + other.requestsPerSecond;
            return new Measurement(total / 2, (p50Millis + other.p50Millis) / 2, (p99Millis + other.p99Millis) / 2,
                    (nodeCpuMicros * requestsPerSecond + other.nodeCpuMicros * other.requestsPerSecond) / total,
                    (redisCpuMicros * requestsPerSecond + other.redisCpuMicros * other.requestsPerSecond) / total);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class description
     * @throws Exception when a server or wrk fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<Variant> variants = new ArrayList<>();
        for (String name : options.getOrDefault("variants", "baseline,floor,filter_redis,manager_redis,"
                + "filter_postgres,filter_memory").split(",")) {
            variants.add(Variant.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        Settings settings = new Settings(variants,
                List.of(options.getOrDefault("workloads", "none,read,write,mutate").split(",")),
                Integer.parseInt(options.getOrDefault("rounds", "3")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "10"))),
                Integer.parseInt(options.getOrDefault("connections", "32")),
                options.getOrDefault("redis", "redis://127.0.0.1:6379/9"),
                options.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
                "baton-bench:",
                options.getOrDefault("scale", "1000,1000000").equals("none") ? List.of()
                        : Arrays.stream(options.getOrDefault("scale", "1000,1000000").split(","))
                                .map(Integer::valueOf).toList(),
                Boolean.parseBoolean(options.getOrDefault("lock", "true")));
        Path out = Path.of(options.getOrDefault("out", "benchmarks/target/load"));
        Files.createDirectories(out);
        String report = run(settings, out);
        System.out.println(report);
        Files.writeString(out.resolve("load-results.md"), report);
    }

    static String run(Settings settings, Path out) throws Exception {
        BenchmarkRedis redis = new BenchmarkRedis(settings.redisUri());
        redis.command("FLUSHDB");
        Map<Variant, Map<String, List<Measurement>>> results = new EnumMap<>(Variant.class);
        Map<Variant, Map<String, Double>> roundTrips = new EnumMap<>(Variant.class);
        try (Nodes nodes = Nodes.start(settings.variants(), settings, settings.workloads())) {
            List<Variant> variants = settings.variants();
            for (int round = 1; round <= settings.rounds(); round++) {
                for (String workload : settings.workloads()) {
                    // All variants back to back on one workload, there and back: each runs half its time on the way
                    // there and half on the way back, so that the runs of every variant centre on the same moment and
                    // a steady drift of the machine cancels out of the ratios. Each round starts with the next
                    // variant, so that no variant always follows the same one.
                    List<Variant> there = new ArrayList<>();
                    for (int i = 0; i < variants.size(); i++) {
                        there.add(variants.get((round - 1 + i) % variants.size()));
                    }
                    List<Variant> sweep = new ArrayList<>(there);
                    Collections.reverse(there);
                    sweep.addAll(there);
                    Map<Variant, Measurement> firstHalves = new EnumMap<>(Variant.class);
                    for (Variant variant : sweep) {
                        BenchmarkNode node = nodes.node(variant);
                        List<String> cookies = nodes.cookies(variant);
                        Wrk.run(node.port, workload, cookies, settings.warmUp(), settings.connections());
                        Measurement half = measure(node, redis, workload, cookies, settings.halfDuration(),
                                settings.connections());
                        Measurement firstHalf = firstHalves.remove(variant);
                        if (firstHalf == null) {
                            firstHalves.put(variant, half);
                            continue;
                        }
                        Measurement m = firstHalf.and(half);
                        results.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                                .computeIfAbsent(workload, w -> new ArrayList<>()).add(m);
                        System.err.printf(Locale.ROOT, "round %d %-28s %-7s %9.0f req/s p50 %.2f ms p99 %.2f ms"
                                + " CPU/request: node %.1f us, Redis %.1f us%n", round, variant.label, workload,
                                m.requestsPerSecond(), m.p50Millis(), m.p99Millis(), m.nodeCpuMicros(),
                                m.redisCpuMicros());
                    }
                }
            }
            for (Variant variant : settings.variants()) {
                if (variant.usesRedis) {
                    BenchmarkNode node = nodes.node(variant);
                    String cookie = setUp(node, variant, 1).get(0);
                    for (String workload : settings.workloads()) {
                        roundTrips.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                                .put(workload, redis.commandsPerRequest(node.port, workload, cookie, 20,
                                        settings.keyPrefix()));
                    }
                }
            }
        }
        boolean filterRedis = settings.variants().contains(Variant.FILTER_REDIS);
        String lock = filterRedis && settings.lockRuns() ? lock(settings) : "";
        String scale = filterRedis && !settings.scaleSessions().isEmpty() ? scale(settings, redis) : "";
        redis.command("FLUSHDB");
        Files.writeString(out.resolve("benchmarks-load.svg"), Chart.svg(settings, results));
        return Report.markdown(settings, results, roundTrips) + lock + scale;
    }

    /**
     * The {@code write} workload with the session lock off and on, alternating over the rounds: uncontended (one
     * session per connection) and contended (8 connections sharing one session).
     */
    private static String lock(Settings settings) throws Exception {
        int shared = 8;
        Map<String, List<Measurement>> runs = new LinkedHashMap<>();
        List<Variant> variants = List.of(Variant.FILTER_REDIS, Variant.FILTER_REDIS_LOCKED);
        try (Nodes nodes = Nodes.start(variants, settings, List.of("write"))) {
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Variant variant : variants) {
                    BenchmarkNode node = nodes.node(variant);
                    List<String> cookies = nodes.cookies(variant);
                    List<String> one = List.of(cookies.get(0));
                    Wrk.run(node.port, "write", cookies, settings.warmUp(), settings.connections());
                    Measurement own = Wrk.run(node.port, "write", cookies, settings.duration(), settings.connections());
                    Measurement contended = Wrk.run(node.port, "write", one, settings.duration(), shared);
                    runs.computeIfAbsent(variant.label + "|" + settings.connections() + " connections, one session "
                            + "each", k -> new ArrayList<>()).add(own);
                    runs.computeIfAbsent(variant.label + "|" + shared + " connections sharing one session",
                            k -> new ArrayList<>()).add(contended);
                    System.err.printf(Locale.ROOT, "round %d %-40s write %9.0f req/s, shared %9.0f req/s%n", round,
                            variant.label, own.requestsPerSecond(), contended.requestsPerSecond());
                }
            }
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%n### Session lock: `write` with "
                + "`lockMode` off and on%n%n| variant | connections | requests/s | p50 (ms) | p99 (ms) |%n"
                + "|---|---|---:|---:|---:|%n"));
        runs.forEach((key, measured) -> {
            String[] parts = key.split("\\|");
            text.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f |%n", parts[0], parts[1],
                    Report.medianRps(measured),
                    Report.median(measured, Measurement::p50Millis),
                    Report.median(measured, Measurement::p99Millis)));
        });
        return text.toString();
    }

    /**
     * The {@code read} workload on one Baton filter + Redis node while Redis holds each number of other sessions in
     * turn, over the rounds: the numbers alternate within a round and their order reverses from one round to the next
     * (1,000 then 1,000,000, then 1,000,000 then 1,000, ...), so that a drift of the machine weighs on both alike and
     * the other sessions are added or removed once per round. The node's heap is read after a full GC after each run.
     */
    private static String scale(Settings settings, BenchmarkRedis redis) throws Exception {
        List<Integer> sizes = settings.scaleSessions();
        Map<Integer, List<Measurement>> runs = new LinkedHashMap<>();
        Map<Integer, List<Double>> heaps = new LinkedHashMap<>();
        redis.command("FLUSHDB");
        int present = redis.resizeOthers(settings.keyPrefix(), 0, sizes.get(0));
        try (BenchmarkNode node = BenchmarkNode.start(Variant.FILTER_REDIS, settings)) {
            List<String> cookies = setUp(node, Variant.FILTER_REDIS, 2 * settings.connections());
            warmUp(Variant.FILTER_REDIS, node, List.of("read"), cookies, settings);
            for (int round = 1; round <= settings.rounds(); round++) {
                List<Integer> order = new ArrayList<>(sizes);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (int others : order) {
                    present = redis.resizeOthers(settings.keyPrefix(), present, others);
                    Wrk.run(node.port, "read", cookies, settings.warmUp(), settings.connections());
                    Measurement m = measure(node, redis, "read", cookies, settings.duration(),
                            settings.connections());
                    double heap = node.heapAfterGc() / 1048576.0;
                    runs.computeIfAbsent(others, n -> new ArrayList<>()).add(m);
                    heaps.computeIfAbsent(others, n -> new ArrayList<>()).add(heap);
                    System.err.printf(Locale.ROOT, "round %d scale %,d other sessions: %9.0f req/s p99 %.2f ms, "
                            + "heap after %.1f MiB, CPU/request: node %.1f us, Redis %.1f us%n", round, others,
                            m.requestsPerSecond(), m.p99Millis(), heap, m.nodeCpuMicros(), m.redisCpuMicros());
                }
            }
        }
        return Report.scale(settings, runs, heaps);
    }

    /**
     * The nodes of a run, one per variant, each with its sessions (two per connection) and warmed for its JIT on the
     * given workloads; closing stops them all.
     */
    private static final class Nodes implements AutoCloseable {
        private final Map<Variant, BenchmarkNode> nodes = new EnumMap<>(Variant.class);
        private final Map<Variant, List<String>> cookies = new EnumMap<>(Variant.class);

        static Nodes start(List<Variant> variants, Settings settings, List<String> workloads) throws Exception {
            Nodes started = new Nodes();
            try {
                for (Variant variant : variants) {
                    BenchmarkNode node = BenchmarkNode.start(variant, settings);
                    started.nodes.put(variant, node);
                    started.cookies.put(variant, setUp(node, variant, 2 * settings.connections()));
                    warmUp(variant, node, workloads, started.cookies.get(variant), settings);
                }
                return started;
            } catch (Exception e) {
                started.close();
                throw e;
            }
        }

        BenchmarkNode node(Variant variant) {
            return nodes.get(variant);
        }

        List<String> cookies(Variant variant) {
            return cookies.get(variant);
        }

        @Override
        public void close() throws InterruptedException {
            for (BenchmarkNode node : nodes.values()) {
                node.close();
            }
        }
    }

    /**
     * Warms a node just started for its JIT: each workload once for {@link Settings#jitWarmUp()}, then passes of
     * {@link #SETTLE_RUN} per workload until a pass leaves the compilers idle for 98 % of it, at most
     * {@link #SETTLE_PASSES} passes. A node whose code is still being compiled spends a core on the compiler, and a
     * round measured then measures the compiler.
     */
    private static void warmUp(Variant variant, BenchmarkNode node, List<String> workloads, List<String> cookies,
            Settings settings) throws IOException, InterruptedException {
        for (String workload : workloads) {
            Wrk.run(node.port, workload, cookies, settings.jitWarmUp(), settings.connections());
        }
        for (int pass = 1; pass <= SETTLE_PASSES; pass++) {
            long before = node.jitMillis();
            for (String workload : workloads) {
                Wrk.run(node.port, workload, cookies, SETTLE_RUN, settings.connections());
            }
            long compiling = node.jitMillis() - before;
            if (compiling < SETTLE_RUN.toMillis() * workloads.size() / 50 || pass == SETTLE_PASSES) {
                System.err.printf(Locale.ROOT, "warm-up %-28s %d passes, the last compiled for %d ms%n",
                        variant.label, pass, compiling);
                return;
            }
        }
    }

    /** Creates one ~2 KB session per connection; returns their cookies as {@code name=value}. */
    private static List<String> setUp(BenchmarkNode node, Variant variant, int sessions) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.port + "/setup")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException(
                    "no session cookie from /setup: " + response.statusCode() + " " + response.body())).split(";", 2)[0];
            if (!cookie.startsWith(variant.cookieName + "=")) {
                throw new IllegalStateException("unexpected cookie " + cookie.split("=")[0]);
            }
            cookies.add(cookie);
        }
        return cookies;
    }

    /** A measured run, with the CPU the node and Redis spent on it. */
    private static Measurement measure(BenchmarkNode node, BenchmarkRedis redis, String workload, List<String> cookies,
            Duration duration, int connections) throws IOException, InterruptedException {
        long nodeBefore = node.cpuNanos();
        double redisBefore = redis.cpuSeconds();
        Measurement m = Wrk.run(node.port, workload, cookies, duration, connections);
        double requests = m.requestsPerSecond() * duration.toSeconds();
        return new Measurement(m.requestsPerSecond(), m.p50Millis(), m.p99Millis(),
                (node.cpuNanos() - nodeBefore) / 1000.0 / requests,
                (redis.cpuSeconds() - redisBefore) * 1e6 / requests);
    }

}
