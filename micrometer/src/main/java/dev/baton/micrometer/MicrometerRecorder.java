/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.micrometer;

import dev.baton.core.AttributeDecodingException;
import dev.baton.core.SessionMetrics.Outcome;
import dev.baton.core.SessionMetrics.Recorder;
import dev.baton.core.SessionMetrics.RejectReason;
import dev.baton.core.SessionMetrics.StoreOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One engine's meters. The fixed ones are created at once; those tagged by an enum are created on first use and kept
 * in an array indexed by the constants' ordinals, so that recording is a lookup and an increment.
 */
final class MicrometerRecorder implements Recorder {

    private static final int OUTCOMES = Outcome.values().length;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter created;
    private final Counter invalidated;
    private final Counter expired;
    private final Counter nearCacheHits;
    private final DistributionSummary sessionBytes;
    private final DistributionSummary attributesWritten;
    private final AtomicReferenceArray<Timer> storeCalls =
            new AtomicReferenceArray<>(StoreOperation.values().length * OUTCOMES);
    private final AtomicReferenceArray<Counter> rejected = new AtomicReferenceArray<>(RejectReason.values().length);
    private final AtomicReferenceArray<Counter> decodeFailures =
            new AtomicReferenceArray<>(AttributeDecodingException.Reason.values().length);
    private final Timer lockAcquired;
    private final Timer lockTimedOut;

    MicrometerRecorder(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.created = counter("baton.session.creations", "Sessions created on this node", tags);
        this.invalidated = counter("baton.session.invalidations", "Sessions the app invalidated on this node", tags);
        this.expired = counter("baton.session.expirations", "Expired sessions this node's reaper destroyed", tags);
        this.nearCacheHits = counter("baton.nearcache.hits",
                "Requests whose session this node's near cache served without a store call", tags);
        this.sessionBytes = DistributionSummary.builder("baton.session.size").baseUnit("bytes")
                .description("A session's attribute bytes after each write").tags(tags).register(registry);
        this.attributesWritten = DistributionSummary.builder("baton.session.attributes.written")
                .description("Attributes set by each write of a session").tags(tags).register(registry);
        this.lockAcquired = lockWait("acquired");
        this.lockTimedOut = lockWait("timeout");
    }

    @Override
    public void sessionCreated() {
        created.increment();
    }

    @Override
    public void sessionInvalidated() {
        invalidated.increment();
    }

    @Override
    public void sessionExpired() {
        expired.increment();
    }

    @Override
    public void nearCacheHit() {
        nearCacheHits.increment();
    }

    @Override
    public void storeCall(StoreOperation operation, Outcome outcome, long nanos) {
        int index = operation.ordinal() * OUTCOMES + outcome.ordinal();
        Timer timer = storeCalls.get(index);
        if (timer == null) {
            timer = Timer.builder("baton.store.calls").description("Calls to the session store")
                    .tags(tags).tag("operation", name(operation)).tag("outcome", name(outcome)).register(registry);
            storeCalls.set(index, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void requestRejected(RejectReason reason) {
        Counter counter = rejected.get(reason.ordinal());
        if (counter == null) {
            counter = counter("baton.requests.rejected", "Requests answered 503", tags.and("reason", name(reason)));
            rejected.set(reason.ordinal(), counter);
        }
        counter.increment();
    }

    @Override
    public void sessionSaved(long bytes, int attributes) {
        sessionBytes.record(bytes);
        attributesWritten.record(attributes);
    }

    @Override
    public void decodeFailed(AttributeDecodingException.Reason reason) {
        Counter counter = decodeFailures.get(reason.ordinal());
        if (counter == null) {
            counter = counter("baton.attributes.decode.failures", "Attribute values that could not be decoded",
                    tags.and("reason", name(reason)));
            decodeFailures.set(reason.ordinal(), counter);
        }
        counter.increment();
    }

    @Override
    public void lockWaited(long nanos, boolean acquired) {
        (acquired ? lockAcquired : lockTimedOut).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String description, Tags meterTags) {
        return Counter.builder(name).description(description).tags(meterTags).register(registry);
    }

    private Timer lockWait(String outcome) {
        return Timer.builder("baton.lock.waits").description("Requests that waited for their session's lock")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    private static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
