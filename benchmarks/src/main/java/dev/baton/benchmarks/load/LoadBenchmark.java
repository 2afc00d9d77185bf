/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.io.IOException;
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
 * back, so that a steady drift of the machine weighs on all alike), driven by {@code wrk} over loopback, for each
 * node heap, session size and number of wrk threads; then Redis round trips per request counted with
 * {@code MONITOR} on single requests, the lock and scale runs, and the cold-start runs (fresh nodes measured second
 * by second). Prints a Markdown report and writes it, with an SVG chart, under {@code --out}.
 *
 * <pre>
 * bash benchmarks/load.sh [--rounds 3] [--duration 10] [--variants baseline,floor,...] [--workloads read,write]
 *     [--sizes 2k,10k,100k] [--threads 1,2] [--heaps small,default] [--table true|false]
 *     [--scale 1000,1000000|none] [--lock true|false] [--coldstart 30]
 * </pre>
 */
public final class LoadBenchmark {

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
     * What one table of the main results was measured with.
     *
     * @param heap the nodes' heap
     * @param threads wrk's threads
     * @param size the sessions' size
     */
    record Case(NodeHeap heap, int threads, SessionShape size) {
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
        for (String name : options.getOrDefault("variants", "baseline,floor,floor_kryo,filter_redis,"
                + "manager_redis,filter_postgres,filter_memory").split(",")) {
            variants.add(Variant.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        String scale = options.getOrDefault("scale", "1000,1000000");
        Settings settings = new Settings(variants,
                List.of(options.getOrDefault("workloads", "none,read,write,mutate").split(",")),
                Arrays.stream(options.getOrDefault("sizes", "2k").split(",")).map(SessionShape::of).toList(),
                Arrays.stream(options.getOrDefault("threads", "2").split(",")).map(Integer::valueOf).toList(),
                Arrays.stream(options.getOrDefault("heaps", "small").split(",")).map(NodeHeap::of).toList(),
                Integer.parseInt(options.getOrDefault("rounds", "3")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "10"))),
                Integer.parseInt(options.getOrDefault("connections", "32")),
                options.getOrDefault("redis", "redis://127.0.0.1:6379/9"),
                options.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
                "baton-bench:", Boolean.parseBoolean(options.getOrDefault("table", "true")),
                scale.equals("none") ? List.of() : Arrays.stream(scale.split(",")).map(Integer::valueOf).toList(),
                Boolean.parseBoolean(options.getOrDefault("lock", "true")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("coldstart", "0"))));
        Path out = Path.of(options.getOrDefault("out", "benchmarks/target/load"));
        Files.createDirectories(out);
        String report = run(settings, out);
        System.out.println(report);
        Files.writeString(out.resolve("load-results.md"), report);
    }

    static String run(Settings settings, Path out) throws Exception {
        BenchmarkRedis redis = new BenchmarkRedis(settings.redisUri());
        redis.command("FLUSHDB");
        StringBuilder report = new StringBuilder();
        if (settings.table()) {
            Map<Case, Map<Variant, Map<String, List<Measurement>>>> results = new LinkedHashMap<>();
            Map<SessionShape, Map<Variant, Map<String, Double>>> roundTrips = new EnumMap<>(SessionShape.class);
            for (NodeHeap heap : settings.heaps()) {
                table(settings, heap, redis, results, roundTrips);
            }
            Case first = results.keySet().iterator().next();
            Files.writeString(out.resolve("benchmarks-load.svg"), Chart.svg(settings, results.get(first)));
            report.append(Report.markdown(settings, results, roundTrips));
        }
        boolean filterRedis = settings.variants().contains(Variant.FILTER_REDIS);
        if (filterRedis && settings.lockRuns()) {
            report.append(lock(settings));
        }
        if (filterRedis && !settings.scaleSessions().isEmpty()) {
            report.append(scale(settings, redis));
        }
        if (!settings.coldStart().isZero()) {
            report.append(ColdStart.run(settings));
        }
        redis.command("FLUSHDB");
        return report.toString();
    }

    /** The main table's rounds on nodes with one heap, for every size and number of threads. */
    private static void table(Settings settings, NodeHeap heap, BenchmarkRedis redis,
            Map<Case, Map<Variant, Map<String, List<Measurement>>>> results,
            Map<SessionShape, Map<Variant, Map<String, Double>>> roundTrips) throws Exception {
        List<Variant> variants = settings.variants();
        try (Nodes nodes = Nodes.start(variants, settings, heap, settings.workloads(), settings.sizes())) {
            for (int round = 1; round <= settings.rounds(); round++) {
                for (SessionShape size : settings.sizes()) {
                    for (int threads : settings.threads()) {
                        Case at = new Case(heap, threads, size);
                        for (String workload : settings.workloads()) {
                            sweep(settings, nodes, redis, round, at, workload,
                                    results.computeIfAbsent(at, c -> new EnumMap<>(Variant.class)));
                        }
                    }
                }
            }
            for (Variant variant : variants) {
                if (variant.usesRedis) {
                    BenchmarkNode node = nodes.node(variant);
                    for (SessionShape size : settings.sizes()) {
                        String cookie = Nodes.setUp(node, variant, size, 1).get(0);
                        for (String workload : settings.workloads()) {
                            roundTrips.computeIfAbsent(size, s -> new EnumMap<>(Variant.class))
                                    .computeIfAbsent(variant, v -> new LinkedHashMap<>())
                                    .put(workload, redis.commandsPerRequest(node.port, workload, size, cookie, 20,
                                            settings.keyPrefix()));
                        }
                    }
                }
            }
        }
    }

    /**
     * One workload on all variants back to back, there and back: each runs half its time on the way there and half
     * on the way back, so that the runs of every variant centre on the same moment and a steady drift of the machine
     * cancels out of the ratios. Each round starts with the next variant, so that no variant always follows the same
     * one.
     */
    private static void sweep(Settings settings, Nodes nodes, BenchmarkRedis redis, int round, Case at,
            String workload, Map<Variant, Map<String, List<Measurement>>> results) throws Exception {
        List<Variant> variants = settings.variants();
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
            List<String> cookies = nodes.freshCookies(variant, at.size());
            Wrk.run(node.port, workload, at.size(), cookies, settings.warmUp(), settings.connections(), at.threads());
            Measurement half = measure(node, redis, workload, at, cookies, settings.halfDuration(),
                    settings.connections());
            Measurement firstHalf = firstHalves.remove(variant);
            if (firstHalf == null) {
                firstHalves.put(variant, half);
                continue;
            }
            Measurement m = firstHalf.and(half);
            results.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                    .computeIfAbsent(workload, w -> new ArrayList<>()).add(m);
            System.err.printf(Locale.ROOT, "round %d %s heap, %s, %d threads: %-28s %-7s %9.0f req/s p50 %.2f ms "
                    + "p99 %.2f ms CPU/request: node %.1f us, Redis %.1f us%n", round, at.heap().name(),
                    at.size().label, at.threads(), variant.label, workload, m.requestsPerSecond(), m.p50Millis(),
                    m.p99Millis(), m.nodeCpuMicros(), m.redisCpuMicros());
        }
    }

    /**
     * The {@code write} workload with the session lock off and on, alternating over the rounds: uncontended (one
     * session per connection) and contended (8 connections sharing one session).
     */
    private static String lock(Settings settings) throws Exception {
        int shared = 8;
        Map<String, List<Measurement>> runs = new LinkedHashMap<>();
        List<Variant> variants = List.of(Variant.FILTER_REDIS, Variant.FILTER_REDIS_LOCKED);
        SessionShape size = settings.sizes().get(0);
        int threads = settings.threads().get(0);
        try (Nodes nodes = Nodes.start(variants, settings, settings.heaps().get(0), List.of("write"), List.of(size))) {
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Variant variant : variants) {
                    BenchmarkNode node = nodes.node(variant);
                    List<String> cookies = nodes.cookies(variant, size);
                    List<String> one = List.of(cookies.get(0));
                    Wrk.run(node.port, "write", size, cookies, settings.warmUp(), settings.connections(), threads);
                    Measurement own = Wrk.run(node.port, "write", size, cookies, settings.duration(),
                            settings.connections(), threads);
                    Measurement contended = Wrk.run(node.port, "write", size, one, settings.duration(), shared,
                            threads);
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
        Case at = new Case(settings.heaps().get(0), settings.threads().get(0), settings.sizes().get(0));
        try (BenchmarkNode node = BenchmarkNode.start(Variant.FILTER_REDIS, settings, at.heap())) {
            List<String> cookies = Nodes.setUp(node, Variant.FILTER_REDIS, at.size(), 2 * settings.connections());
            Nodes.warmUp(Variant.FILTER_REDIS, node, List.of("read"), Map.of(at.size(), cookies), settings);
            for (int round = 1; round <= settings.rounds(); round++) {
                List<Integer> order = new ArrayList<>(sizes);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (int others : order) {
                    present = redis.resizeOthers(settings.keyPrefix(), present, others);
                    Wrk.run(node.port, "read", at.size(), cookies, settings.warmUp(), settings.connections(),
                            at.threads());
                    Measurement m = measure(node, redis, "read", at, cookies, settings.duration(),
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

    /** A measured run, with the CPU the node and Redis spent on it. */
    private static Measurement measure(BenchmarkNode node, BenchmarkRedis redis, String workload, Case at,
            List<String> cookies, Duration duration, int connections) throws IOException, InterruptedException {
        long nodeBefore = node.cpuNanos();
        double redisBefore = redis.cpuSeconds();
        Measurement m = Wrk.run(node.port, workload, at.size(), cookies, duration, connections, at.threads());
        double requests = m.requestsPerSecond() * duration.toSeconds();
        return new Measurement(m.requestsPerSecond(), m.p50Millis(), m.p99Millis(),
                (node.cpuNanos() - nodeBefore) / 1000.0 / requests,
                (redis.cpuSeconds() - redisBefore) * 1e6 / requests);
    }

}
