/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.codec;

import dev.baton.core.CodecKind;
import dev.baton.core.codec.AllowList;
import dev.baton.core.codec.ValueCodec;
import java.util.List;
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

/**
 * Encode and decode of a typical cart with each codec, through the whole envelope. The encoded size is printed at
 * setup. Run with {@code bash benchmarks/jmh.sh CodecBenchmark} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

    private static final String SESSION = "B".repeat(42) + "A";

    @Param({"KRYO", "JAVA"})
    public CodecKind codec;

    private ValueCodec valueCodec;
    private Cart cart;
    private byte[] encoded;
    private ClassLoader loader;

    @Setup(Level.Trial)
    public void setUp() {
        valueCodec = ValueCodec.create(codec, AllowList.create(List.of("dev.baton.benchmarks."), n -> false),
                List.of());
        cart = Cart.typical();
        encoded = valueCodec.encode(SESSION, "cart", cart);
        loader = getClass().getClassLoader();
        System.out.println("\n# " + codec + " encodes the cart in " + encoded.length + " bytes");
    }

    @Benchmark
    public byte[] encode() {
        return valueCodec.encode(SESSION, "cart", cart);
    }

    @Benchmark
    public Object decode() {
        return valueCodec.decode(SESSION, "cart", encoded, loader);
    }
}
