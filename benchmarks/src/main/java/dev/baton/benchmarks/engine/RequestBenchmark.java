/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.engine;

import dev.baton.benchmarks.load.Workloads;
import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.memory.InMemorySessionStore;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baton's own work per request, without a network or a container: the load benchmark's {@code read}, {@code write}
 * and {@code mutate} workloads on the same ~2 KB session, through the request logic the filter and the manager share,
 * on the in-memory store, each thread on a session of its own. What the load benchmark measures beyond this is HTTP,
 * the store's client and the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestBenchmark {

    private SessionEngine engine;

    /** Each benchmark thread's own session, as each connection has its own in the load benchmark. */
    @State(Scope.Thread)
    public static class OwnSession {
        String id;

        @Setup(Level.Trial)
        public void setUp(RequestBenchmark benchmark) {
            SessionRequest request = benchmark.engine.newRequest(null);
            Workloads.setUp(of(request.getSession(true)), "user-1f2e3d4c");
            request.save();
            id = request.idToSend().orElseThrow();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        BatonConfig config = BatonConfig.builder().store("memory:").build();
        engine = SessionEngine.builder(config).store(new InMemorySessionStore(Clock.systemUTC())).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public String read(OwnSession session) {
        return run(session.id, Workloads::read);
    }

    @Benchmark
    public String write(OwnSession session) {
        return run(session.id, Workloads::write);
    }

    @Benchmark
    public String mutate(OwnSession session) {
        return run(session.id, Workloads::mutate);
    }

    /** One request of an existing session, as the filter and the manager run it: load, the workload, save. */
    private String run(String id, Function<Workloads.Session, String> workload) {
        SessionRequest request = engine.newRequest(id);
        String answer = workload.apply(of(request.getSession(false)));
        request.save();
        return answer;
    }

    private static Workloads.Session of(BatonSession session) {
        return Workloads.session(session::getAttribute, session::setAttribute);
    }
}
