/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.SessionMetrics.Outcome;
import dev.baton.core.SessionMetrics.Recorder;
import dev.baton.core.SessionMetrics.StoreOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that times every call and reports its outcome to a {@link Recorder}; the engine wraps its store in one only
 * when it has metrics. Every method delegates, then reports; no allocation beyond the delegate's.
 */
final class MeteredStore implements SessionStore {

    private final SessionStore store;
    private final Recorder recorder;

    MeteredStore(SessionStore store, Recorder recorder) {
        this.store = store;
        this.recorder = recorder;
    }

    /** The store this one wraps. */
    SessionStore unwrap() {
        return store;
    }

    @Override
    public Optional<StoredSession> load(String id) {
        long start = System.nanoTime();
        try {
            Optional<StoredSession> found = store.load(id);
            done(StoreOperation.LOAD, found.isPresent() ? Outcome.SUCCESS : Outcome.ABSENT, start);
            return found;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.LOAD, e, start);
        }
    }

    @Override
    public LockedLoad loadLocked(String id, String owner, Instant now, Duration lease) {
        long start = System.nanoTime();
        try {
            LockedLoad result = store.loadLocked(id, owner, now, lease);
            Outcome outcome = result instanceof LockedLoad.Acquired ? Outcome.SUCCESS
                    : result instanceof LockedLoad.Busy ? Outcome.LOCKED : Outcome.ABSENT;
            done(StoreOperation.LOAD_LOCKED, outcome, start);
            return result;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.LOAD_LOCKED, e, start);
        }
    }

    @Override
    public boolean renewLock(String id, long fence, Instant now, Duration lease) {
        long start = System.nanoTime();
        try {
            boolean renewed = store.renewLock(id, fence, now, lease);
            done(StoreOperation.RENEW_LOCK, renewed ? Outcome.SUCCESS : Outcome.LOCKED, start);
            return renewed;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.RENEW_LOCK, e, start);
        }
    }

    @Override
    public void unlock(String id, long fence) {
        long start = System.nanoTime();
        try {
            store.unlock(id, fence);
            done(StoreOperation.UNLOCK, Outcome.SUCCESS, start);
        } catch (RuntimeException e) {
            throw failed(StoreOperation.UNLOCK, e, start);
        }
    }

    @Override
    public SaveOutcome apply(SessionChange change) {
        long start = System.nanoTime();
        try {
            SaveOutcome result = store.apply(change);
            Outcome outcome = switch (result.result()) {
                case SAVED -> Outcome.SUCCESS;
                case GONE -> Outcome.ABSENT;
                case FENCED -> Outcome.LOCKED;
                case STALE -> Outcome.STALE;
            };
            done(StoreOperation.SAVE, outcome, start);
            return result;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.SAVE, e, start);
        }
    }

    @Override
    public boolean delete(String id) {
        long start = System.nanoTime();
        try {
            boolean deleted = store.delete(id);
            done(StoreOperation.DELETE, deleted ? Outcome.SUCCESS : Outcome.ABSENT, start);
            return deleted;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.DELETE, e, start);
        }
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        long start = System.nanoTime();
        try {
            boolean changed = store.changeId(oldId, newId);
            done(StoreOperation.CHANGE_ID, changed ? Outcome.SUCCESS : Outcome.ABSENT, start);
            return changed;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.CHANGE_ID, e, start);
        }
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        long start = System.nanoTime();
        try {
            List<StoredSession> claimed = store.reapExpired(now, limit);
            done(StoreOperation.REAP, claimed.isEmpty() ? Outcome.ABSENT : Outcome.SUCCESS, start);
            return claimed;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.REAP, e, start);
        }
    }

    @Override
    public Optional<StoredSession> claimExpired(String id, Instant now) {
        long start = System.nanoTime();
        try {
            Optional<StoredSession> claimed = store.claimExpired(id, now);
            done(StoreOperation.CLAIM_EXPIRED, claimed.isEmpty() ? Outcome.ABSENT : Outcome.SUCCESS, start);
            return claimed;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.CLAIM_EXPIRED, e, start);
        }
    }

    @Override
    public java.util.OptionalLong countSessions(Instant now) {
        long start = System.nanoTime();
        try {
            java.util.OptionalLong count = store.countSessions(now);
            done(StoreOperation.OTHER, count.isPresent() ? Outcome.SUCCESS : Outcome.ABSENT, start);
            return count;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.OTHER, e, start);
        }
    }

    @Override
    public Optional<SessionTotals> totals() {
        long start = System.nanoTime();
        try {
            Optional<SessionTotals> totals = store.totals();
            done(StoreOperation.OTHER, totals.isPresent() ? Outcome.SUCCESS : Outcome.ABSENT, start);
            return totals;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.OTHER, e, start);
        }
    }

    @Override
    public void indexPrincipal(String id, String principal, Instant expiresAt) {
        long start = System.nanoTime();
        try {
            store.indexPrincipal(id, principal, expiresAt);
            done(StoreOperation.OTHER, Outcome.SUCCESS, start);
        } catch (RuntimeException e) {
            throw failed(StoreOperation.OTHER, e, start);
        }
    }

    @Override
    public List<String> findByPrincipal(String principal, Instant now) {
        long start = System.nanoTime();
        try {
            List<String> ids = store.findByPrincipal(principal, now);
            done(StoreOperation.OTHER, ids.isEmpty() ? Outcome.ABSENT : Outcome.SUCCESS, start);
            return ids;
        } catch (RuntimeException e) {
            throw failed(StoreOperation.OTHER, e, start);
        }
    }

    @Override
    public void ping() {
        long start = System.nanoTime();
        try {
            store.ping();
            done(StoreOperation.PING, Outcome.SUCCESS, start);
        } catch (RuntimeException e) {
            throw failed(StoreOperation.PING, e, start);
        }
    }

    @Override
    public java.util.Optional<InvalidationFeed> openInvalidationFeed() {
        return store.openInvalidationFeed();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }

    private void done(StoreOperation operation, Outcome outcome, long start) {
        recorder.storeCall(operation, outcome, System.nanoTime() - start);
    }

    private RuntimeException failed(StoreOperation operation, RuntimeException e, long start) {
        done(operation, e instanceof SessionStoreUnavailableException ? Outcome.UNAVAILABLE : Outcome.ERROR, start);
        return e;
    }
}
