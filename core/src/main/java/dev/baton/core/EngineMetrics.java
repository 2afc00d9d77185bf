/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.SessionMetrics.Recorder;
import dev.baton.core.SessionMetrics.RejectReason;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How an engine gets its metrics recorder, and how it names a 503's reason. */
final class EngineMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);

    /** Records nothing; what an engine without metrics calls. */
    static final Recorder NONE = new Recorder() { };

    private EngineMetrics() {
    }

    /**
     * The engine's recorder: from the given metrics, else from the one found on the class loader.
     *
     * @return the recorder, {@link #NONE} when nothing records
     */
    static Recorder open(SessionMetrics given, ClassLoader loader, BatonConfig config, String application) {
        SessionMetrics metrics = given != null ? given : SessionMetrics.discover(loader);
        try {
            Recorder recorder = metrics.recorder(StoreHealth.kindOf(config), application);
            return recorder != null ? recorder : NONE;
        } catch (RuntimeException | LinkageError e) {
            // A metrics library missing or of another version must not stop the web app: it runs unmetered.
            LOG.warn("Baton's metrics ({}) could not start; sessions work, unmetered: {}", metrics.getClass().getName(),
                    e.toString());
            return NONE;
        }
    }

    /** The store, timed when something records: left alone with {@link #NONE}, so that no metrics cost nothing. */
    static SessionStore timed(SessionStore store, Recorder recorder) {
        return recorder == NONE ? store : new MeteredStore(store, recorder);
    }

    /** Why a request that met {@code outage} was answered 503. */
    static RejectReason reason(SessionStoreUnavailableException outage, Duration storeTimeout) {
        if (outage instanceof SessionLockException lock) {
            return switch (lock.reason()) {
                case TIMEOUT -> RejectReason.LOCK_TIMEOUT;
                case LEASE_LOST -> RejectReason.LEASE_LOST;
                case INTERRUPTED -> RejectReason.INTERRUPTED;
            };
        }
        return outage.elapsedMillis() >= storeTimeout.toMillis() ? RejectReason.STORE_TIMEOUT
                : RejectReason.STORE_DOWN;
    }
}
