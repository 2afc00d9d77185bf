/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.time.Duration;
import java.util.List;

/**
 * The benchmark's parameters.
 *
 * @param variants what to compare
 * @param workloads which workloads
 * @param sizes the sessions' sizes; the main table is measured for each
 * @param threads the numbers of wrk threads; the main table is measured for each
 * @param heaps the nodes' heaps; the main table is measured for each, on nodes started with it
 * @param rounds how many times each variant × workload runs, alternating
 * @param duration a variant's measured time per workload and round (two halves in the main table); a lock or scale
 *     run's length
 * @param connections wrk connections (and sessions)
 * @param redisUri the Redis the Redis variants use (a database of its own, flushed)
 * @param postgresUrl the PostgreSQL the PostgreSQL variant uses
 * @param keyPrefix the Redis key prefix
 * @param table whether to measure the main table (the variants warmed, then the rounds)
 * @param scaleSessions the numbers of other sessions for the scale runs; empty: no scale runs
 * @param lockRuns whether to run {@code write} with the session lock off and on
 * @param coldStart how long each cold-start run measures a fresh node; zero: no cold-start runs
 */
record Settings(List<Variant> variants, List<String> workloads, List<SessionShape> sizes, List<Integer> threads,
        List<NodeHeap> heaps, int rounds, Duration duration, int connections, String redisUri, String postgresUrl,
        String keyPrefix, boolean table, List<Integer> scaleSessions, boolean lockRuns, Duration coldStart) {

    /**
     * The first unmeasured run of each workload on a node just started, for its JIT: as long as a measured run, at
     * least 8 s. Its code must be compiled before round 1 is measured, or round 1 measures the compiler; short runs of
     * every workload follow until the compiler is done ({@link Nodes#warmUp}).
     */
    Duration jitWarmUp() {
        return Duration.ofSeconds(Math.max(8, duration.toSeconds()));
    }

    /**
     * Each of the two halves of a variant's measured time in a round of the main table, one on the way there and one
     * on the way back ({@link LoadBenchmark}): half of {@link #duration()}, at least 1 s.
     */
    Duration halfDuration() {
        return Duration.ofSeconds(Math.max(1, duration.toSeconds() / 2));
    }

    /** The unmeasured run before each measured run, after other variants had the machine: 1 s. */
    Duration warmUp() {
        return Duration.ofSeconds(1);
    }
}
