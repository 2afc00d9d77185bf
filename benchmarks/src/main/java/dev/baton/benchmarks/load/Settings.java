package dev.baton.benchmarks.load;

import java.time.Duration;
import java.util.List;

/**
 * The benchmark's parameters.
 *
 * @param variants what to compare
 * @param workloads which workloads
 * @param rounds how many times each variant × workload runs, alternating
 * @param duration each run's length
 * @param connections wrk connections (and sessions)
 * @param redisUri the Redis the Redis variants use (a database of its own, flushed)
 * @param postgresUrl the PostgreSQL the PostgreSQL variant uses
 * @param keyPrefix the Redis key prefix
 * @param scaleSessions the numbers of other sessions for the scale runs; empty: no scale runs
 * @param lockRuns whether to run {@code write} with the session lock off and on
 */
record Settings(List<Variant> variants, List<String> workloads, int rounds, Duration duration, int connections,
        String redisUri, String postgresUrl, String keyPrefix, List<Integer> scaleSessions,
        boolean lockRuns) {

    /** The unmeasured run before each node's measured runs, for the JIT: a third of a run, at least 2 s. */
    Duration warmUp() {
        return Duration.ofSeconds(Math.max(2, duration.toSeconds() / 3));
    }
}
