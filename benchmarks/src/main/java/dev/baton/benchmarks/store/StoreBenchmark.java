/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.store;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
 * Store operations on the local Redis and PostgreSQL, on a 2 KB or 100 KB session (eight attributes of an eighth each):
 * loading it, saving it whole (a creation that replaces a stored session of the same ID, so every attribute is sent
 * and written and the store does not grow), and saving a delta of one small attribute on it. For Redis, the bytes the
 * client sent per delta are printed at teardown (from the server's {@code total_net_input_bytes}): they stay near the
 * attribute's size, not the session's.
 *
 * <p>How to run it: docs/benchmarks.md; {@code -p store=jdbc:postgresql://…} picks one store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    @Param({"redis://127.0.0.1:6379/9", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"})
    public String store;

    @Param({"2048", "102400"})
    public int sessionBytes;

    private SessionStore sessions;
    private String id;
    private String fullId;
    private Map<String, byte[]> attributes;
    private Instant created;
    private long deltas;
    private long inputBytesBefore;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BatonConfig config = BatonConfig.builder().store(store).set("keyPrefix", "baton-bench:")
                .set("tableName", "baton_bench_store").set("createSchema", "true").build();
        sessions = SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
        SessionIds ids = SessionIds.create();
        id = ids.next();
        fullId = ids.next();
        created = Instant.now();
        attributes = new LinkedHashMap<>();
        int chunk = sessionBytes / 8;
        for (int i = 0; i < 8; i++) {
            byte[] value = new byte[chunk];
            ThreadLocalRandom.current().nextBytes(value);
            attributes.put("attribute" + i, value);
        }
        sessions.save(new SessionChange(SessionChange.Kind.CREATE, id, created, created, created,
                Duration.ofHours(1), created.plus(Duration.ofHours(1)), null, attributes, Set.of()));
        if (store.startsWith("redis")) {
            inputBytesBefore = redisInputBytes();
        }
    }

    @Benchmark
    public Object load() {
        return sessions.load(id).orElseThrow();
    }

    @Benchmark
    public Object saveFull() {
        Instant now = Instant.now();
        return sessions.save(new SessionChange(SessionChange.Kind.CREATE, fullId, now, now, now, Duration.ofHours(1),
                now.plus(Duration.ofHours(1)), null, attributes, Set.of()));
    }

    @Benchmark
    public Object saveSmallDelta() {
        deltas++;
        Instant now = Instant.now();
        return sessions.save(new SessionChange(SessionChange.Kind.UPDATE, id, now, created, now, Duration.ofHours(1),
                now.plus(Duration.ofHours(1)), null, Map.of("counter", Long.toString(deltas).getBytes()), Set.of()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (store.startsWith("redis") && deltas > 0) {
            long sent = redisInputBytes() - inputBytesBefore;
            System.out.printf("%n# Redis received %.0f bytes per small delta on a %d-byte session%n",
                    sent / (double) deltas, sessionBytes);
        }
        sessions.delete(id);
        sessions.delete(fullId);
        sessions.close();
    }

    private static long redisInputBytes() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.getOutputStream().write("*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("total_net_input_bytes:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            throw new IOException("no total_net_input_bytes in INFO stats");
        }
    }
}
