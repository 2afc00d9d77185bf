/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Kryo codec's encode and decode paths on a sample cart when a {@link ValueCodec} is created, so that a new
 * node's first requests find them compiled by the JIT instead of interpreted: the field serializer, the collection
 * and map serializers, strings, numbers, {@code java.time}, the reference resolver and the allow-list's class
 * resolver. It uses a codec of its own (its own Kryo instances, and an allow-list that lets its sample class through),
 * so that the engine's codec, its pool and its counts see nothing of it; compiled code is shared by all instances.
 * Bounded: {@value #ROUNDS} encodings and decodings of a ~2 KB value. A failure is logged at DEBUG and ignored: the
 * warm-up only saves time.
 */
final class CodecWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(CodecWarmUp.class);
    /** Encodings and decodings: enough for the JIT's first tier to compile what a value's lines run. */
    static final int ROUNDS = 300;
    private static final byte[] HEADER = {1, 1, 0};

    /** A line of the sample cart: an app's class, read and written by Kryo's field serializer. */
    static final class Line implements Serializable {
        private static final long serialVersionUID = 1L;
        String sku;
        String name;
        int quantity;
        long priceCents;
        BigDecimal weight;
        Instant added;
        List<String> tags;
    }

    private CodecWarmUp() {
    }

    /**
     * Encodes and decodes the sample {@value #ROUNDS} times.
     *
     * @return the rounds whose decoded value encoded again to the same bytes; {@value #ROUNDS} unless a round failed
     */
    static int run() {
        long start = System.nanoTime();
        AllowList allowList = AllowList.create(List.of(Line.class.getName()), name -> false);
        KryoCodec codec = new KryoCodec(allowList, new JavaCodec(allowList));
        ClassLoader loader = CodecWarmUp.class.getClassLoader();
        Map<String, Object> sample = sample();
        int done = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] encoded = codec.encode("warmUp", sample, HEADER, HEADER, null);
                Object decoded = codec.decode("warmUp", encoded, HEADER.length, loader, true);
                if (Arrays.equals(codec.encode("warmUp", decoded, HEADER, HEADER, null), encoded)) {
                    done++;
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("the codec's warm-up stopped after {} rounds", done, e);
        }
        LOG.debug("codec warm-up: {} rounds in {} ms", done, (System.nanoTime() - start) / 1_000_000);
        return done;
    }

    private static Map<String, Object> sample() {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Line line = new Line();
            line.sku = "SKU-" + (10_000 + i);
            line.name = "Line " + i + " of the warm-up cart";
            line.quantity = 1 + i % 3;
            line.priceCents = 199L + 37L * i;
            line.weight = BigDecimal.valueOf(125 + i, 2);
            line.added = Instant.ofEpochSecond(1_700_000_000L + i);
            line.tags = new ArrayList<>(List.of("tag" + i % 4, "tag" + i % 7));
            lines.add(line);
        }
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("user", "warm-up");
        profile.put("visits", 12);
        profile.put("lastSeen", 1_700_000_000_000L);
        profile.put("admin", Boolean.FALSE);
        Map<String, Object> cart = new LinkedHashMap<>();
        cart.put("lines", lines);
        cart.put("profile", profile);
        cart.put("token", new byte[32]);
        return cart;
    }
}
