/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.micrometer;

import dev.baton.core.SessionMetrics;
import io.micrometer.core.instrument.Metrics;

/**
 * The metrics an engine finds on its class path when it was given none (a filter declared in {@code web.xml}, the
 * Tomcat manager): one {@link BatonMetrics} bound to Micrometer's global registry, {@link Metrics#globalRegistry}.
 * Add a registry to the global one ({@code Metrics.addRegistry(prometheusRegistry)}) to see them. Found through
 * {@code META-INF/services/dev.baton.core.SessionMetrics}; not for direct use.
 */
public final class GlobalRegistryMetrics implements SessionMetrics {

    private static final BatonMetrics GLOBAL = new BatonMetrics();

    static {
        GLOBAL.bindTo(Metrics.globalRegistry);
    }

    /** Created by {@link java.util.ServiceLoader}. */
    public GlobalRegistryMetrics() {
    }

    @Override
    public Recorder recorder(String storeKind, String application) {
        return GLOBAL.recorder(storeKind, application);
    }
}
