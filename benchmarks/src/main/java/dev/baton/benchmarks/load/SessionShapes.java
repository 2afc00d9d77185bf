/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

/**
 * The load benchmark's session sizes and workloads ({@link SessionShape}) for the JMH benchmarks of other packages,
 * so that {@link dev.baton.benchmarks.engine.RequestBenchmark} runs exactly what the probe app runs.
 */
public final class SessionShapes {

    private SessionShapes() {
    }

    /**
     * Fills a new session.
     *
     * @param size {@code 2k}, {@code 10k} or {@code 100k}
     * @param session the session
     * @param user the user name to store
     */
    public static void setUp(String size, Workloads.Session session, String user) {
        SessionShape.of(size).setUp(session, user);
    }

    /**
     * Runs a workload.
     *
     * @param size {@code 2k}, {@code 10k} or {@code 100k}
     * @param workload {@code read}, {@code write} or {@code mutate}
     * @param session the request's session
     * @return what the probe app answers
     */
    public static String run(String size, String workload, Workloads.Session session) {
        SessionShape shape = SessionShape.of(size);
        return switch (workload) {
            case "read" -> shape.read(session);
            case "write" -> shape.write(session);
            case "mutate" -> shape.mutate(session);
            default -> throw new IllegalArgumentException("unknown workload " + workload + ": read, write or mutate");
        };
    }
}
