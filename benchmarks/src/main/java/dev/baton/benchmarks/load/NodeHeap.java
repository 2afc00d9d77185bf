/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.util.List;
import java.util.Locale;

/** The heap a node's JVM runs with. */
enum NodeHeap {
    /** A small heap with the parallel collector, as containers are often sized. */
    SMALL("small (512 MB, parallel GC)", List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC")),
    /** The JVM's own choice: G1, a quarter of the machine's memory. */
    DEFAULT("default (G1, JVM's sizing)", List.of());

    final String label;
    final List<String> options;

    NodeHeap(String label, List<String> options) {
        this.label = label;
        this.options = options;
    }

    /**
     * The heap named {@code name}.
     *
     * @param name {@code small} or {@code default}
     * @return the heap
     */
    static NodeHeap of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
