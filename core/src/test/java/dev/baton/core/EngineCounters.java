/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/** Counts of an engine's work that its API does not show, for the contract kit's tests in other packages. */
public final class EngineCounters {

    private EngineCounters() {
    }

    /**
     * @param engine an engine
     * @return how many values its codec has encoded since it was built
     */
    public static long encodings(SessionEngine engine) {
        return engine.codec().encodings();
    }
}
