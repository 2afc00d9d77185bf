/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The Markdown tables of a load benchmark run. */
final class Report {

    private Report() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The median over {@code runs} of one of their figures. */
    static double median(List<LoadBenchmark.Measurement> runs, ToDoubleFunction<LoadBenchmark.Measurement> figure) {
        return median(runs.stream().map(figure::applyAsDouble).toList());
    }

    static double medianRps(List<LoadBenchmark.Measurement> runs) {
        return median(runs, LoadBenchmark.Measurement::requestsPerSecond);
    }

    /** The median requests/s of {@code runs} with their min–max in brackets. */
    private static String rpsRange(List<LoadBenchmark.Measurement> runs) {
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", medianRps(runs),
                runs.stream().mapToDouble(LoadBenchmark.Measurement::requestsPerSecond).min().orElseThrow(),
                runs.stream().mapToDouble(LoadBenchmark.Measurement::requestsPerSecond).max().orElseThrow());
    }

    /** The main tables: one per heap, number of wrk threads and session size. */
    static String markdown(Settings settings,
            Map<LoadBenchmark.Case, Map<Variant, Map<String, List<LoadBenchmark.Measurement>>>> results,
            Map<SessionShape, Map<Variant, Map<String, Double>>> roundTrips) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "### Throughput and latency%n%n"
                + "%d rounds of 2 × %d s per variant and workload; in each round every workload runs on all "
                + "variants back to back, there and back, half of each variant's time each way (its round's p50 and "
                + "p99 are the means of its two halves), starting with a different variant each round; "
                + "%d connections, one session each; medians over the rounds (requests/s: min–max in brackets); a "
                + "ratio is the median of the rounds' ratios; Δp99: the p99 minus the floor's.%n", settings.rounds(),
                settings.halfDuration().toSeconds(), settings.connections()));
        results.forEach((at, byVariant) -> {
            text.append(String.format(Locale.ROOT, "%n#### Session %s, %d wrk thread%s, node heap %s%n%n"
                    + "| variant | workload | requests/s | p50 (ms) | p99 (ms) | Δp99 (ms) | vs baseline | vs floor | "
                    + "vs floor + Kryo | Redis round trips / request | node CPU µs / request | "
                    + "Redis CPU µs / request |%n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
                    at.size().label, at.threads(), at.threads() == 1 ? "" : "s", at.heap().label));
            Map<Variant, Map<String, Double>> trips = roundTrips.getOrDefault(at.size(), Map.of());
            for (Variant variant : settings.variants()) {
                for (String workload : settings.workloads()) {
                    List<LoadBenchmark.Measurement> runs = byVariant.get(variant).get(workload);
                    double p99 = median(runs, LoadBenchmark.Measurement::p99Millis);
                    Map<String, List<LoadBenchmark.Measurement>> floor = byVariant.get(Variant.FLOOR);
                    String deltaP99 = floor == null ? "–" : String.format(Locale.ROOT, "%+.2f",
                            p99 - median(floor.get(workload), LoadBenchmark.Measurement::p99Millis));
                    text.append(String.format(Locale.ROOT,
                            "| %s | `%s` | %s | %.2f | %.2f | %s | %s | %s | %s | %s | %.1f | %.1f |%n",
                            variant.label, workload, rpsRange(runs),
                            median(runs, LoadBenchmark.Measurement::p50Millis), p99, deltaP99,
                            ratio(byVariant, Variant.BASELINE, workload, runs),
                            ratio(byVariant, Variant.FLOOR, workload, runs),
                            ratio(byVariant, Variant.FLOOR_KRYO, workload, runs),
                            trips.containsKey(variant)
                                    ? String.format(Locale.ROOT, "%.2f", trips.get(variant).get(workload)) : "–",
                            median(runs, LoadBenchmark.Measurement::nodeCpuMicros),
                            median(runs, LoadBenchmark.Measurement::redisCpuMicros)));
                }
            }
        });
        return text.toString();
    }

    /**
     * The scale table: per number of other sessions, the median requests/s (min–max), p99, heap after the run and CPU
     * per request, and the median of the rounds' ratios to the first number's requests/s.
     */
    static String scale(Settings settings, Map<Integer, List<LoadBenchmark.Measurement>> runs,
            Map<Integer, List<Double>> heaps) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%n### Scale: `read` with other sessions "
                + "in Redis (Baton filter + Redis)%n%n%d rounds of %d s on one node, the numbers of other sessions "
                + "alternating; medians over the rounds; a ratio is the median of the rounds' ratios.%n%n"
                + "| other sessions | requests/s | p99 (ms) | node heap after (MiB) | vs %,d | node CPU µs / request "
                + "| Redis CPU µs / request |%n|---:|---:|---:|---:|---:|---:|---:|%n", settings.rounds(),
                settings.duration().toSeconds(), settings.scaleSessions().get(0)));
        List<LoadBenchmark.Measurement> first = runs.get(settings.scaleSessions().get(0));
        runs.forEach((others, measured) -> {
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < measured.size(); round++) {
                ratios.add(measured.get(round).requestsPerSecond() / first.get(round).requestsPerSecond());
            }
            text.append(String.format(Locale.ROOT, "| %,d | %s | %.2f | %.1f | %.2f | %.1f | %.1f |%n", others,
                    rpsRange(measured), median(measured, LoadBenchmark.Measurement::p99Millis),
                    median(heaps.get(others)), median(ratios),
                    median(measured, LoadBenchmark.Measurement::nodeCpuMicros),
                    median(measured, LoadBenchmark.Measurement::redisCpuMicros)));
        });
        return text.toString();
    }

    /**
     * The median over the rounds of {@code runs}' requests/s divided by the reference's in the same round: the two ran
     * a few seconds apart, so the machine's slower drifts (other VMs on the host) cancel out of each ratio.
     */
    private static String ratio(Map<Variant, Map<String, List<LoadBenchmark.Measurement>>> results, Variant reference,
            String workload, List<LoadBenchmark.Measurement> runs) {
        Map<String, List<LoadBenchmark.Measurement>> byWorkload = results.get(reference);
        if (byWorkload == null || !byWorkload.containsKey(workload)) {
            return "–";
        }
        List<LoadBenchmark.Measurement> references = byWorkload.get(workload);
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < runs.size(); round++) {
            ratios.add(runs.get(round).requestsPerSecond() / references.get(round).requestsPerSecond());
        }
        return String.format(Locale.ROOT, "%.2f", median(ratios));
    }
}
