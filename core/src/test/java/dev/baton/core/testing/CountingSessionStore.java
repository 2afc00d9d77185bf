/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import dev.baton.core.LockedLoad;
import dev.baton.core.SaveOutcome;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Wraps a store and counts its calls by operation, keeping the saved changes, for tests that count round trips. */
public final class CountingSessionStore implements SessionStore {

    private final SessionStore delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<SessionChange> saves = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> afterNextSave = new AtomicReference<>();

    /** @param delegate the store that does the work */
    public CountingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /**
     * Calls of one operation so far.
     *
     * @param operation load, loadLocked, renewLock, unlock, save, delete, changeId, reapExpired, claimExpired or ping
     * @return the count
     */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Calls of every operation so far. */
    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The changes saved so far, in order. */
    public List<SessionChange> saves() {
        return saves;
    }

    /** Forgets the counts and saves. */
    public void reset() {
        calls.clear();
        saves.clear();
    }

    /**
     * Runs {@code action} once, right after the next save was written and before it returns: what another request does
     * between a save and what its engine then does with the outcome.
     *
     * @param action the steps in between
     */
    public void afterNextSave(Runnable action) {
        afterNextSave.set(action);
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public Optional<StoredSession> load(String id) {
        count("load");
        return delegate.load(id);
    }

    @Override
    public LockedLoad loadLocked(String id, String owner, Instant now, Duration lease) {
        count("loadLocked");
        return delegate.loadLocked(id, owner, now, lease);
    }

    @Override
    public boolean renewLock(String id, long fence, Instant now, Duration lease) {
        count("renewLock");
        return delegate.renewLock(id, fence, now, lease);
    }

    @Override
    public void unlock(String id, long fence) {
        count("unlock");
        delegate.unlock(id, fence);
    }

    @Override
    public SaveOutcome apply(SessionChange change) {
        count("save");
        saves.add(change);
        SaveOutcome outcome = delegate.apply(change);
        Runnable after = afterNextSave.getAndSet(null);
        if (after != null) {
            after.run();
        }
        return outcome;
    }

    @Override
    public boolean delete(String id) {
        count("delete");
        return delegate.delete(id);
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        count("changeId");
        return delegate.changeId(oldId, newId);
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        count("reapExpired");
        return delegate.reapExpired(now, limit);
    }

    @Override
    public Optional<StoredSession> claimExpired(String id, Instant now) {
        count("claimExpired");
        return delegate.claimExpired(id, now);
    }

    @Override
    public void ping() {
        count("ping");
        delegate.ping();
    }

    @Override
    public Optional<dev.baton.core.InvalidationFeed> openInvalidationFeed() {
        return delegate.openInvalidationFeed();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void indexPrincipal(String id, String principal, Instant expiresAt) {
        count("indexPrincipal");
        delegate.indexPrincipal(id, principal, expiresAt);
    }

    @Override
    public List<String> findByPrincipal(String principal, Instant now) {
        count("findByPrincipal");
        return delegate.findByPrincipal(principal, now);
    }

    @Override
    public java.util.OptionalLong countSessions(Instant now) {
        count("countSessions");
        return delegate.countSessions(now);
    }
}
