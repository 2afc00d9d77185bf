/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cold-start runs: for each workload and variant, a fresh node (a JVM just started, its sessions just set up)
 * under load from its first second, its requests counted per second by the probe app: the warm-up curve. Its steady
 * throughput is the median of the second half of the seconds; the curve reaches it when a second first serves 90 % of
 * it. The variants alternate within a round, and each round starts with the next one.
 */
final class ColdStart {

    /** The share of the steady throughput a warm node reaches. */
    private static final double WARM = 0.9;
    /** The window of the target: a node must be warm within this many seconds of serving load. */
    private static final int TARGET_SECONDS = 10;

    private ColdStart() {
    }

    static String run(Settings settings) throws Exception {
        NodeHeap heap = settings.heaps().get(0);
        SessionShape size = settings.sizes().get(0);
        int threads = settings.threads().get(0);
        List<Variant> variants = settings.variants();
        Map<String, Map<Variant, List<long[]>>> curves = new LinkedHashMap<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            for (String workload : settings.workloads()) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((round - 1 + i) % variants.size());
                    long[] curve;
                    try (BenchmarkNode node = BenchmarkNode.start(variant, settings, heap)) {
                        List<String> cookies = Nodes.setUp(node, variant, size, 2 * settings.connections());
                        node.mark();
                        Wrk.run(node.port, workload, size, cookies, settings.coldStart(), settings.connections(),
                                threads);
                        curve = node.curve();
                    }
                    curves.computeIfAbsent(workload, w -> new LinkedHashMap<>())
                            .computeIfAbsent(variant, v -> new ArrayList<>()).add(curve);
                    System.err.printf(Locale.ROOT, "round %d cold start %-28s %-7s steady %.0f req/s, 90 %% at "
                            + "second %d: %s%n", round, variant.label, workload, steady(curve), warmAt(curve),
                            Arrays.toString(curve));
                }
            }
        }
        return report(settings, heap, size, threads, curves);
    }

    /** The median of the second half of the seconds. */
    private static double steady(long[] curve) {
        List<Double> last = new ArrayList<>();
        for (int s = curve.length / 2; s < curve.length; s++) {
            last.add((double) curve[s]);
        }
        return last.isEmpty() ? Double.NaN : Report.median(last);
    }

    /** The first second (counted from 1) that served 90 % of the steady throughput. */
    private static int warmAt(long[] curve) {
        double steady = steady(curve);
        for (int s = 0; s < curve.length; s++) {
            if (curve[s] >= WARM * steady) {
                return s + 1;
            }
        }
        return -1;
    }

    /** The requests of the first {@link #TARGET_SECONDS} seconds over what as many seconds of steady throughput serve. */
    private static double firstSecondsShare(long[] curve) {
        long served = 0;
        for (int s = 0; s < Math.min(TARGET_SECONDS, curve.length); s++) {
            served += curve[s];
        }
        return served / (steady(curve) * TARGET_SECONDS);
    }

    private static String report(Settings settings, NodeHeap heap, SessionShape size, int threads,
            Map<String, Map<Variant, List<long[]>>> curves) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%n### Cold start: requests per second of a "
                + "fresh node%n%n%d rounds of %d s per variant and workload, each on a node just started (heap %s, "
                + "session %s, %d wrk threads, %d connections); second by second, the median over the rounds; "
                + "steady: the median of the second half of the seconds; warm: the first second at %.0f %% of "
                + "steady.%n", settings.rounds(), settings.coldStart().toSeconds(), heap.label, size.label, threads,
                settings.connections(), WARM * 100));
        curves.forEach((workload, byVariant) -> {
            text.append(String.format(Locale.ROOT, "%n#### `%s`%n%n| second |", workload));
            byVariant.keySet().forEach(v -> text.append(' ').append(v.label).append(" |"));
            text.append("\n|---:|");
            byVariant.keySet().forEach(v -> text.append("---:|"));
            text.append('\n');
            int seconds = byVariant.values().stream().flatMap(List::stream).mapToInt(c -> c.length).min().orElse(0);
            for (int s = 0; s < seconds; s++) {
                text.append("| ").append(s + 1).append(" |");
                for (List<long[]> runs : byVariant.values()) {
                    int second = s;
                    text.append(String.format(Locale.ROOT, " %.0f |",
                            Report.median(runs.stream().map(c -> (double) c[second]).toList())));
                }
                text.append('\n');
            }
            text.append("| steady |");
            byVariant.values().forEach(runs -> text.append(String.format(Locale.ROOT, " %.0f |",
                    Report.median(runs.stream().map(ColdStart::steady).toList()))));
            text.append("\n| warm at second (each round) |");
            byVariant.values().forEach(runs -> text.append(' ').append(runs.stream()
                    .map(c -> Integer.toString(warmAt(c))).toList()).append(" |"));
            text.append(String.format(Locale.ROOT, "%n| first %d s / steady |", TARGET_SECONDS));
            byVariant.values().forEach(runs -> text.append(String.format(Locale.ROOT, " %.2f |",
                    Report.median(runs.stream().map(ColdStart::firstSecondsShare).toList()))));
            text.append('\n');
        });
        return text.toString();
    }
}
