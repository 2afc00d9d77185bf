/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a session expires and who destroys it: the reaper in batches, or a request that finds its own session expired.
 * Either way the store hands each expired session to exactly one node, which fires {@code sessionDestroyed} and the
 * unbind events.
 */
final class Expiries {

    private static final Logger LOG = LoggerFactory.getLogger(Expiries.class);
    private static final int REAP_BATCH = 100;

    private final SessionEngine engine;

    Expiries(SessionEngine engine) {
        this.engine = engine;
    }

    /** Claims batches of expired sessions until the store has no more, or 10 batches; returns how many it destroyed. */
    int reap() {
        int destroyed = 0;
        for (int batch = 0; batch < 10; batch++) {
            Instant now = engine.clock().instant();
            List<StoredSession> claimed = engine.store().reapExpired(now, REAP_BATCH);
            for (StoredSession stored : claimed) {
                destroy(stored, now);
                destroyed++;
            }
            if (claimed.size() < REAP_BATCH) {
                break;
            }
        }
        if (destroyed > 0) {
            LOG.debug("Destroyed {} expired sessions", destroyed);
        }
        return destroyed;
    }

    /**
     * For a request whose session the store did not find: if it is there but expired, claims it (exactly once in the
     * cluster, reaper included) and destroys it here, as Tomcat does when a request finds its session expired. A store
     * failure only defers the events to the reaper.
     */
    void destroyIfExpired(String id) {
        Instant now = engine.clock().instant();
        Optional<StoredSession> claimed;
        try {
            claimed = engine.store().claimExpired(id, now);
        } catch (SessionStoreException e) {
            LOG.warn("Could not claim expired session {}; the reaper will destroy it: {}", LogIds.hash(id),
                    e.getMessage());
            return;
        }
        claimed.ifPresent(stored -> destroy(stored, now));
    }

    private void destroy(StoredSession stored, Instant now) {
        new BatonSession(engine, stored, now, false).destroy();
        engine.metrics().sessionExpired();
    }

    /**
     * The session as the request logic sees it, or {@code null} when it is expired, past its absolute lifetime, or
     * another web app's ({@link SessionScope}).
     */
    BatonSession live(StoredSession stored) {
        Instant now = engine.clock().instant();
        Optional<Duration> maxAge = engine.config().maxSessionAge();
        if (stored.isExpiredAt(now) || (maxAge.isPresent() && !stored.created().plus(maxAge.get()).isAfter(now))) {
            return null;
        }
        // In milliseconds, the store's precision; Duration.between would allocate on every request.
        long sinceMillis = now.toEpochMilli() - stored.lastAccessed().toEpochMilli();
        boolean touchDue = sinceMillis >= engine.touchInterval().toMillis();
        BatonSession session = new BatonSession(engine, stored, now, touchDue);
        return SessionScope.admits(engine, session) ? session : null;
    }

    /** When a session expires: idle timeout after its last access, capped by {@code maxSessionAge}; null for never. */
    Instant expiresAt(Instant created, Instant lastAccess, Duration idleTimeout) {
        Instant idle = idleTimeout.isZero() || idleTimeout.isNegative() ? null : lastAccess.plus(idleTimeout);
        Optional<Duration> maxAge = engine.config().maxSessionAge();
        if (maxAge.isEmpty()) {
            return idle;
        }
        Instant absolute = created.plus(maxAge.get());
        return idle == null || absolute.isBefore(idle) ? absolute : idle;
    }
}
