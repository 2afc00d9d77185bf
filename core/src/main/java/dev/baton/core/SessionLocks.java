/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of {@code lockMode}: waiting for a session's lock with back-off, renewing leases while requests
 * run, and counting the requests that waited too long or lost their lease. One per engine; thread-safe.
 */
final class SessionLocks {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLocks.class);
    private static final long FIRST_LOCK_BACKOFF_MILLIS = 5;
    private static final long LONGEST_LOCK_BACKOFF_MILLIS = 200;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final BatonConfig config;
    private final SessionStore store;
    private final Clock clock;
    private final String maskedStore;
    private final OwnedThreads threads = new OwnedThreads();
    /** {@code null} with {@code lockMode=none}: no request ever holds a lock. */
    private final ScheduledExecutorService lockRenewer;
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder leasesLost = new LongAdder();
    private final SessionMetrics.Recorder metrics;

    SessionLocks(BatonConfig config, SessionStore store, Clock clock, String maskedStore,
            SessionMetrics.Recorder metrics) {
        this.config = config;
        this.metrics = metrics;
        this.store = store;
        this.clock = clock;
        this.maskedStore = maskedStore;
        this.lockRenewer = config.lockMode() == LockMode.NONE ? null
                : Executors.newSingleThreadScheduledExecutor(threads.named("baton-lock-renewer"));
    }

    /**
     * Whether a request on {@code path} holds its session's lock, by {@code lockMode}.
     *
     * @param path the request's path within the web app, or {@code null} when unknown: such a request locks with
     *     {@code lockMode=session} and never with {@code lockMode=uri}
     */
    boolean appliesTo(String path) {
        return switch (config.lockMode()) {
            case NONE -> false;
            case SESSION -> true;
            case URI -> path != null && config.lockUris().stream().anyMatch(uri -> uri.matcher(path).matches());
        };
    }

    /**
     * Loads a session and takes its lock, waiting up to {@code lockTimeout} while another request holds it. Backs
     * off between tries (5 ms doubling to 200 ms, never past the holder's lease), so waiting does not spin the store.
     *
     * @param id the session ID
     * @param owner the request's lock owner
     * @return the lock; {@code null} when there is no such session
     * @throws SessionLockException when the lock stayed held for {@code lockTimeout}
     */
    LockedLoad.Acquired load(String id, String owner) {
        Instant deadline = clock.instant().plus(config.lockTimeout());
        long backoff = FIRST_LOCK_BACKOFF_MILLIS;
        long waitStart = 0;
        while (true) {
            Instant now = clock.instant();
            LockedLoad result = store.loadLocked(id, owner, now, config.lockLease());
            if (!(result instanceof LockedLoad.Busy)) {
                if (waitStart != 0) {
                    metrics.lockWaited(System.nanoTime() - waitStart, true);
                }
                return result instanceof LockedLoad.Acquired acquired ? acquired : null;
            }
            if (waitStart == 0) {
                waitStart = System.nanoTime();
            }
            Instant heldUntil = ((LockedLoad.Busy) result).heldUntil();
            long untilDeadline = Duration.between(now, deadline).toMillis();
            if (untilDeadline <= 0) {
                timeouts.increment();
                metrics.lockWaited(System.nanoTime() - waitStart, false);
                throw new SessionLockException(SessionLockException.Reason.TIMEOUT, "loadLocked",
                        maskedStore,
                        config.lockTimeout().toMillis(), LogIds.hash(id), "another request held the session's lock "
                                + "for longer than lockTimeout=" + config.lockTimeout().toMillis() + "ms");
            }
            long untilFree = Math.max(1, Duration.between(now, heldUntil).toMillis());
            long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            pause(Math.min(jittered, Math.min(untilDeadline, untilFree)), id, deadline);
            backoff = Math.min(backoff * 2, LONGEST_LOCK_BACKOFF_MILLIS);
        }
    }

    private void pause(long millis, String id, Instant deadline) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long waited = config.lockTimeout().minus(Duration.between(clock.instant(), deadline)).toMillis();
            throw new SessionLockException(SessionLockException.Reason.INTERRUPTED, "loadLocked", maskedStore,
                    Math.max(0, waited), LogIds.hash(id), "interrupted while waiting for the session's lock");
        }
    }

    /**
     * Renews a lease every third of {@code lockLease} until the returned handle is cancelled.
     *
     * @param renewal renews the lease; returns {@code false} once there is nothing left to renew
     * @return the handle to cancel when the lock is released
     */
    ScheduledFuture<?> keepLeased(BooleanSupplier renewal) {
        long period = Math.max(1, config.lockLease().toMillis() / 3);
        ScheduledFuture<?>[] handle = {null};
        handle[0] = lockRenewer.scheduleAtFixedRate(() -> {
            try {
                if (!renewal.getAsBoolean()) {
                    handle[0].cancel(false);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew a session lock's lease; it will run out unless a later renewal succeeds: {}",
                        e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return handle[0];
    }

    SessionLockException leaseLost(String id, long heldMillis) {
        leasesLost.increment();
        return new SessionLockException(SessionLockException.Reason.LEASE_LOST, "save",
                maskedStore, heldMillis, LogIds.hash(id),
                "this request's session lock lease (lockLease=" + config.lockLease().toMillis() + "ms) ran out and "
                        + "another request took the lock; this request's changes were not written");
    }

    /** How many requests gave up waiting {@code lockTimeout} for a lock. */
    long timeouts() {
        return timeouts.sum();
    }

    /** How many requests lost their lease before saving. */
    long leasesLost() {
        return leasesLost.sum();
    }

    /** Stops lease renewal and waits until its thread has ended, at most {@link #CLOSE_WAIT}. */
    void close() {
        if (lockRenewer != null) {
            lockRenewer.shutdownNow();
            threads.awaitEnd(CLOSE_WAIT);
        }
    }
}
