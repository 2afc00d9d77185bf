/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * One chaos scenario run: a cluster of three nodes behind the balancer on a store, shoppers through the balancer, a
 * fault plan run while they shop, and the figures the shoppers counted.
 */
final class ChaosRun {

    /** The nodes, the shoppers and the faults: what a fault plan may touch. */
    interface Plan {
        void run(ChaosRun run) throws Exception;
    }

    /**
     * What a scenario expects.
     *
     * @param losesNone whether no session and no acknowledged item may be lost
     */
    record Expect(boolean losesNone) {
    }

    /** A fault or a repair, at seconds since the shopping began. */
    record Event(double at, String what, boolean fault) {
        @Override
        public String toString() {
            return String.format("%6.1f s  %s", at, what);
        }
    }

    /** A scenario's figures. */
    record Result(String name, String setting, Expect expect, List<Event> events, ChaosShoppers.Tally tally) {

        int failed() {
            return (int) tally.requests().stream().filter(r -> !r.ok()).count();
        }

        /** Seconds between the fault and the first success of a request sent after it; the longest over faults. */
        double firstSuccessAfterFault() {
            double longest = 0;
            for (Event event : events) {
                if (event.fault()) {
                    double first = tally.requests().stream().filter(r -> r.ok() && r.sent() >= event.at())
                            .mapToDouble(ChaosShoppers.Request::answered).min().orElse(Double.NaN);
                    longest = Math.max(longest, first - event.at());
                }
            }
            return longest;
        }

        /** The failures' times (when answered) merged into ranges 1 s apart or closer, and their total length. */
        String failureSpan() {
            List<Double> times = new ArrayList<>(tally.requests().stream().filter(r -> !r.ok())
                    .map(ChaosShoppers.Request::answered).toList());
            if (times.isEmpty()) {
                return "-";
            }
            times.sort(null);
            StringJoiner ranges = new StringJoiner(", ");
            double total = 0;
            double start = times.get(0);
            double end = start;
            for (double t : times.subList(1, times.size())) {
                if (t - end > 1.0) {
                    ranges.add(String.format("%.1f-%.1f", start, end));
                    total += end - start;
                    start = t;
                }
                end = t;
            }
            ranges.add(String.format("%.1f-%.1f", start, end));
            total += end - start;
            return String.format("%.1f s (%s)", total, ranges);
        }

        boolean passed() {
            boolean safe = tally.wrongCarts() == 0 && tally.resurrected() == 0 && tally.unanswered() == 0;
            boolean kept = tally.sessionsLost() == 0 && tally.itemsLost() == 0;
            return safe && (kept || !expect.losesNone());
        }

        String row() {
            return String.format("| %s | %s | %d | %d | %s | %.1f | %d of %d | %d of %d | %d | %d of %d | %s | %s |",
                    name, setting, tally.requests().size(), failed(), failureSpan(), firstSuccessAfterFault(),
                    tally.sessionsLost(), tally.visits(), tally.itemsLost(), tally.itemsAcknowledged(),
                    tally.wrongCarts(), tally.resurrected(), tally.invalidated(),
                    expect.losesNone() ? "loses none" : "may lose", passed() ? "PASS" : "FAIL");
        }

        static String header() {
            return "| scenario | settings | requests | failed | failures span | first success after fault (s) "
                    + "| sessions lost | acknowledged items lost | wrong carts | resurrected | expected | result |\n"
                    + "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|";
        }
    }

    private final Cluster cluster;
    private final ChaosShoppers shoppers;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private ChaosRun(Cluster cluster, ChaosShoppers shoppers) {
        this.cluster = cluster;
        this.shoppers = shoppers;
    }

    /**
     * Runs one scenario: starts the cluster, lets the shoppers warm up, runs the plan, lets them shop until
     * {@code length} has passed (and at least 10 s after the plan), then collects the figures.
     */
    static Result run(String name, String store, IntFunction<String> storeOfNode, Map<String, String> settings,
            Expect expect, int users, Duration length, Plan plan) throws Exception {
        String setting = settings.isEmpty() ? "defaults" : settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + ", " + b).orElseThrow();
        Chaos.log("scenario " + name + " (" + setting + ")");
        try (Cluster cluster = Cluster.start(3, Cluster.freePort(), store, storeOfNode, "filter",
                Balancer.Kind.installedDefault(), App.SHOP, null, settings)) {
            ChaosShoppers shoppers = new ChaosShoppers(cluster.url(), users);
            ChaosRun run = new ChaosRun(cluster, shoppers);
            shoppers.start();
            run.sleep(Duration.ofSeconds(8));
            plan.run(run);
            double until = Math.max(length.toNanos() / 1e9, shoppers.now() + 10);
            run.sleep(Duration.ofMillis((long) ((until - shoppers.now()) * 1000)));
            Chaos.log(String.format("  %6.1f s  shopping ends; final checks", shoppers.now()));
            ChaosShoppers.Tally tally = shoppers.finish(Duration.ofSeconds(90));
            Result result = new Result(name, setting, expect, List.copyOf(run.events), tally);
            Chaos.log(Result.header().lines().findFirst().orElseThrow());
            Chaos.log(result.row());
            return result;
        }
    }

    Cluster cluster() {
        return cluster;
    }

    /** Records a fault, once in place: the time to the first success is measured from here. */
    void fault(String what) {
        events.add(new Event(shoppers.now(), what, true));
        Chaos.log(String.format("  %6.1f s  %s", shoppers.now(), what));
    }

    /** Records a repair. */
    void repair(String what) {
        events.add(new Event(shoppers.now(), what, false));
        Chaos.log(String.format("  %6.1f s  %s", shoppers.now(), what));
    }

    void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative()) {
            Thread.sleep(duration.toMillis());
        }
    }

    /** Kills a node with SIGKILL, waits, restarts it and waits until it answers. */
    void killAndRestart(int index, Duration down) throws Exception {
        Cluster.NodeProcess node = cluster.node(index);
        node.kill();
        fault(node.name + " killed with SIGKILL");
        sleep(down);
        cluster.startNode(node);
        node.awaitHealthy(Duration.ofSeconds(90));
        repair(node.name + " restarted and healthy");
    }
}
