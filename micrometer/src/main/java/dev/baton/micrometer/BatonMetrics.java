/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.micrometer;

import static java.util.Objects.requireNonNull;

import dev.baton.core.SessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Baton's metrics through Micrometer: a {@link MeterBinder} to register with the app's registries, and the
 * {@link SessionMetrics} to give Baton's filter or engine. Every meter is tagged with {@code store} (the store's kind:
 * {@code redis}, {@code redis-cluster}, {@code postgresql}, …) and {@code application} (the web app's context path,
 * or the Spring application's name), plus the tags given here.
 *
 * <pre>{@code
 * BatonMetrics metrics = new BatonMetrics();
 * metrics.bindTo(registry);                                   // or let Spring Boot bind it: it is a MeterBinder
 * BatonSessionFilter filter = BatonSessionFilter.builder(config).metrics(metrics).build();
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 * <tr><td>{@code baton.session.creations}</td><td>counter</td><td></td><td>sessions created on this node</td></tr>
 * <tr><td>{@code baton.session.invalidations}</td><td>counter</td><td></td><td>sessions the app invalidated</td></tr>
 * <tr><td>{@code baton.session.expirations}</td><td>counter</td><td></td><td>expired sessions this node's reaper
 * destroyed</td></tr>
 * <tr><td>{@code baton.store.calls}</td><td>timer</td><td>{@code operation}, {@code outcome}</td><td>every store
 * call: {@code load}, {@code save}, …; {@code success}, {@code absent}, {@code locked}, {@code unavailable},
 * {@code error}</td></tr>
 * <tr><td>{@code baton.requests.rejected}</td><td>counter</td><td>{@code reason}</td><td>requests answered 503:
 * {@code store_down}, {@code store_timeout}, {@code lock_timeout}, {@code lease_lost}, {@code interrupted}</td></tr>
 * <tr><td>{@code baton.session.size}</td><td>summary (bytes)</td><td></td><td>a session's attribute bytes at each
 * write</td></tr>
 * <tr><td>{@code baton.session.attributes.written}</td><td>summary</td><td></td><td>attributes set by each
 * write</td></tr>
 * <tr><td>{@code baton.attributes.decode.failures}</td><td>counter</td><td>{@code reason}</td><td>values dropped
 * because they could not be decoded; {@code class_not_allowed} is a class the allow-list refused</td></tr>
 * <tr><td>{@code baton.lock.waits}</td><td>timer</td><td>{@code outcome} ({@code acquired}, {@code timeout})</td>
 * <td>requests that waited for their session's lock ({@code lockMode})</td></tr>
 * </table>
 *
 * <p>One instance may serve several engines (web apps) and be bound to several registries, before or after the
 * engines start; meters are created once per engine, so the request path only increments them. Thread-safe.
 */
public final class BatonMetrics implements SessionMetrics, MeterBinder {

    private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
    private final Tags tags;

    /** Metrics with no tags but {@code store} and {@code application}. */
    public BatonMetrics() {
        this(Tags.empty());
    }

    /**
     * @param tags tags every meter carries besides {@code store} and {@code application}
     */
    public BatonMetrics(Iterable<Tag> tags) {
        this.tags = Tags.of(requireNonNull(tags, "tags"));
    }

    /**
     * Sends the meters to {@code registry} too.
     *
     * @param registry the registry, such as Spring Boot's or a {@code PrometheusMeterRegistry}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(requireNonNull(registry, "registry"));
    }

    /**
     * The meters of one engine; the engine calls this when it starts.
     *
     * @param storeKind the {@code store} tag
     * @param application the {@code application} tag
     * @return the recorder
     */
    @Override
    public Recorder recorder(String storeKind, String application) {
        return new MicrometerRecorder(registries, tags.and("store", storeKind, "application", application));
    }

    @Override
    public String toString() {
        return "BatonMetrics" + tags;
    }
}
