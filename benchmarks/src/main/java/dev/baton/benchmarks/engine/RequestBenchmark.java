/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.engine;

import dev.baton.benchmarks.load.SessionShape;
import dev.baton.benchmarks.load.Workloads;
import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baton's own work per request, without HTTP or a container: the load benchmark's {@code read}, {@code write} and
 * {@code mutate} workloads on its three session sizes ({@code 2k}; {@code 10k}, a 50-item cart; {@code 100k}, the
 * cart and nine more lists that the workloads read but never change), through the request logic the filter and the
 * manager share, on the in-memory store or on the local Redis, each benchmark thread on a session of its own. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per request (for Redis, the client's included).
 *
 * <p>Run it with {@code bash benchmarks/jmh.sh RequestBenchmark} (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestBenchmark {

    /** The session's size: {@code 2k}, {@code 10k} or {@code 100k}. */
    @Param({"2k", "10k", "100k"})
    public String size;

    /** The store's URI. */
    @Param({"memory:", "redis://127.0.0.1:6379/9"})
    public String store;

    /**
     * {@code nearCacheSize}: {@code default} leaves it unset (the near cache on with Redis, decoded values reused one
     * request at a time), {@code 0} turns it off.
     */
    @Param({"default", "0"})
    public String nearCacheSize;

    private SessionEngine engine;
    private SessionShape shape;

    /** Each benchmark thread's own session, as each connection has its own in the load benchmark. */
    @State(Scope.Thread)
    public static class OwnSession {
        String id;
        /** The version token the client holds, presented with each request as a browser sends its cookie. */
        String version;

        @Setup(Level.Trial)
        public void setUp(RequestBenchmark benchmark) {
            SessionRequest request = benchmark.engine.newRequest(null);
            benchmark.shape.setUp(of(request.getSession(true)), "user-1f2e3d4c");
            request.save();
            id = request.idToSend().orElseThrow();
            version = request.versionToSend().orElse(null);
        }

        @TearDown(Level.Trial)
        public void tearDown(RequestBenchmark benchmark) {
            SessionRequest request = benchmark.engine.newRequest(id);
            request.getSession(false).invalidate();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        shape = SessionShape.of(size);
        BatonConfig.Builder config = BatonConfig.builder().store(store).set("keyPrefix", "baton-bench-request:")
                .set("allowedClasses", "dev.baton.benchmarks.");
        if (!nearCacheSize.equals("default")) {
            config.set("nearCacheSize", nearCacheSize);
        }
        engine = SessionEngine.builder(config.build()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public String read(OwnSession session) {
        return run(session, "read");
    }

    @Benchmark
    public String write(OwnSession session) {
        return run(session, "write");
    }

    @Benchmark
    public String mutate(OwnSession session) {
        return run(session, "mutate");
    }

    /**
     * One request of an existing session, as the filter and the manager run it: load, the workload, save, release
     * (which hands the values still equal to the stored ones to the near cache's reused values). The client's version
     * token goes with the request and comes back changed when the request sends a new one, so that a read of a
     * session this node holds at that version is served from the near cache, as in the load benchmark.
     */
    private String run(OwnSession session, String workload) {
        SessionRequest request = engine.newRequest(session.id);
        request.presentVersion(session.version);
        String answer = shape.run(workload, of(request.getSession(false)));
        request.save();
        request.versionToSend().ifPresent(token -> session.version = token.isEmpty() ? null : token);
        request.release();
        return answer;
    }

    private static Workloads.Session of(BatonSession session) {
        return Workloads.session(session::getAttribute, session::setAttribute);
    }
}
