/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.memory;

import static java.util.Objects.requireNonNull;

import dev.baton.core.LockedLoad;
import dev.baton.core.SaveOutcome;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionTotals;
import dev.baton.core.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A complete {@link SessionStore} in this JVM's memory, for {@code store=memory:}: one node only (tests,
 * development). Thread-safe; every operation is atomic per session. Expiry and reaping work as in the networked
 * stores: an index ordered by expiry lets {@link #reapExpired(Instant, int)} hand each expired session to exactly one
 * caller. Two servers in one JVM share sessions by sharing one instance.
 */
public final class InMemorySessionStore implements SessionStore {

    private record IndexEntry(long expiresAt, String id) implements Comparable<IndexEntry> {
        @Override
        public int compareTo(IndexEntry other) {
            int byTime = Long.compare(expiresAt, other.expiresAt);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    /** A session's lock state: the newest fencing token, and who holds the lock until when ({@code null}: free). */
    private record Lock(long fence, String owner, Instant until) {
        boolean isHeldAt(Instant now) {
            return owner != null && until.isAfter(now);
        }

        Lock released() {
            return new Lock(fence, null, null);
        }
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();
    /** Changed only inside {@code sessions.compute} of the same ID, so that each is atomic with its session. */
    private final ConcurrentHashMap<String, Lock> locks = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<IndexEntry> expiryIndex = new ConcurrentSkipListSet<>();
    private final java.util.concurrent.atomic.AtomicLong created = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong expired = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Creates an empty store.
     *
     * @param clock the clock that decides whether a loaded session has expired
     */
    public InMemorySessionStore(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Optional<StoredSession> load(String id) {
        StoredSession session = sessions.get(id);
        if (session == null || session.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    @Override
    public LockedLoad loadLocked(String id, String owner, Instant now, Duration lease) {
        requireNonNull(owner, "owner");
        LockedLoad[] result = {new LockedLoad.Absent()};
        sessions.computeIfPresent(id, (key, current) -> {
            if (current.isExpiredAt(now)) {
                return current;
            }
            Lock lock = locks.get(id);
            if (lock != null && lock.isHeldAt(now) && !owner.equals(lock.owner())) {
                result[0] = new LockedLoad.Busy(lock.until());
                return current;
            }
            long fence = lock == null ? 1 : owner.equals(lock.owner()) ? lock.fence() : lock.fence() + 1;
            locks.put(id, new Lock(fence, owner, now.plus(lease)));
            result[0] = new LockedLoad.Acquired(current, fence);
            return current;
        });
        return result[0];
    }

    @Override
    public boolean renewLock(String id, long fence, Instant now, Duration lease) {
        boolean[] renewed = {false};
        sessions.computeIfPresent(id, (key, current) -> {
            Lock lock = locks.get(id);
            if (lock != null && lock.fence() == fence && lock.owner() != null) {
                locks.put(id, new Lock(fence, lock.owner(), now.plus(lease)));
                renewed[0] = true;
            }
            return current;
        });
        return renewed[0];
    }

    @Override
    public void unlock(String id, long fence) {
        sessions.computeIfPresent(id, (key, current) -> {
            Lock lock = locks.get(id);
            if (lock != null && lock.fence() == fence) {
                locks.put(id, lock.released());
            }
            return current;
        });
    }

    @Override
    public SaveOutcome apply(SessionChange change) {
        SaveResult[] refused = {null};
        long[] written = {0};
        sessions.compute(change.id(), (id, current) -> {
            if (change.kind() == SessionChange.Kind.UPDATE && (current == null || current.isExpiredAt(change.at()))) {
                refused[0] = SaveResult.GONE;
                return current;
            }
            if (change.fence() > 0) {
                Lock lock = locks.get(id);
                if (lock == null || lock.fence() != change.fence()) {
                    refused[0] = SaveResult.FENCED;
                    return current;
                }
            }
            if (!holdsExpected(current, change.expectedAttributes())) {
                refused[0] = SaveResult.STALE;
                return current;
            }
            if (change.fence() > 0) {
                locks.put(id, locks.get(id).released());
            } else if (change.kind() == SessionChange.Kind.CREATE) {
                locks.remove(id);
                created.incrementAndGet();
            }
            Map<String, byte[]> attributes = new LinkedHashMap<>();
            long version = 1;
            if (change.kind() == SessionChange.Kind.UPDATE) {
                attributes.putAll(current.attributes());
                version = current.version() + 1;
            }
            change.removedAttributes().forEach(attributes::remove);
            attributes.putAll(change.setAttributes());
            StoredSession next = new StoredSession(id, change.created(), change.lastAccessed(), change.maxInactive(),
                    change.expiresAt(), version, change.principal(), attributes);
            reindex(current, next);
            written[0] = version;
            return next;
        });
        return refused[0] != null ? SaveOutcome.refused(refused[0]) : SaveOutcome.saved(written[0]);
    }

    @Override
    public boolean delete(String id) {
        StoredSession[] removed = {null};
        sessions.computeIfPresent(id, (key, current) -> {
            removed[0] = current;
            locks.remove(id);
            return null;
        });
        reindex(removed[0], null);
        return removed[0] != null;
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        Instant now = clock.instant();
        StoredSession[] moved = {null};
        Lock[] lock = {null};
        sessions.computeIfPresent(oldId, (id, current) -> {
            if (current.isExpiredAt(now)) {
                return current;
            }
            moved[0] = current;
            lock[0] = locks.remove(id);
            return null;
        });
        if (moved[0] == null) {
            return false;
        }
        StoredSession old = moved[0];
        StoredSession renamed = new StoredSession(newId, old.created(), old.lastAccessed(), old.maxInactive(),
                old.expiresAt(), old.version() + 1, old.principal(), old.attributes());
        sessions.compute(newId, (id, ignored) -> {
            if (lock[0] != null) {
                locks.put(id, lock[0]);
            }
            return renamed;
        });
        reindex(old, renamed);
        return true;
    }

    @Override
    public List<String> findByPrincipal(String principal, Instant now) {
        List<String> ids = new ArrayList<>();
        for (StoredSession session : sessions.values()) {
            if (principal.equals(session.principal()) && !session.isExpiredAt(now)) {
                ids.add(session.id());
            }
        }
        return ids;
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, not " + limit);
        }
        List<StoredSession> claimed = new ArrayList<>();
        long nowMillis = now.toEpochMilli();
        for (IndexEntry entry : expiryIndex) {
            if (entry.expiresAt() > nowMillis || claimed.size() >= limit) {
                break;
            }
            StoredSession[] taken = {null};
            sessions.computeIfPresent(entry.id(), (id, current) -> {
                if (current.isExpiredAt(now)) {
                    taken[0] = current;
                    locks.remove(id);
                    return null;
                }
                return current;
            });
            if (taken[0] != null) {
                expiryIndex.remove(entry);
                claimed.add(taken[0]);
                expired.incrementAndGet();
            } else if (!sessions.containsKey(entry.id())) {
                expiryIndex.remove(entry);
            }
        }
        return claimed;
    }

    @Override
    public Optional<StoredSession> claimExpired(String id, Instant now) {
        StoredSession[] taken = {null};
        sessions.computeIfPresent(id, (key, current) -> {
            if (current.isExpiredAt(now)) {
                taken[0] = current;
                locks.remove(key);
                return null;
            }
            return current;
        });
        reindex(taken[0], null);
        if (taken[0] != null) {
            expired.incrementAndGet();
        }
        return Optional.ofNullable(taken[0]);
    }

    @Override
    public void ping() {
        // Always reachable.
    }

    /** Drops nothing: the sessions live as long as the instance. */
    @Override
    public void close() {
        // Nothing was opened.
    }

    /** The live sessions: those not expired at {@code now}. */
    @Override
    public java.util.OptionalLong countSessions(Instant now) {
        return java.util.OptionalLong.of(sessions.values().stream().filter(stored -> !stored.isExpiredAt(now)).count());
    }

    /** Sessions created and expired (claimed) in this instance. */
    @Override
    public Optional<SessionTotals> totals() {
        return Optional.of(new SessionTotals(created.get(), expired.get()));
    }

    /** {@return the number of sessions held, expired ones not yet reaped included} */
    public int size() {
        return sessions.size();
    }

    /** Whether the session holds exactly the expected bytes of each attribute (none, for a zero-length array). */
    private static boolean holdsExpected(StoredSession current, Map<String, byte[]> expected) {
        for (Map.Entry<String, byte[]> entry : expected.entrySet()) {
            byte[] stored = current.attributes().get(entry.getKey());
            if (!Arrays.equals(stored == null ? new byte[0] : stored, entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private void reindex(StoredSession before, StoredSession after) {
        if (before != null && before.expiresAt() != null) {
            expiryIndex.remove(new IndexEntry(before.expiresAt().toEpochMilli(), before.id()));
        }
        if (after != null && after.expiresAt() != null) {
            expiryIndex.add(new IndexEntry(after.expiresAt().toEpochMilli(), after.id()));
        }
    }
}
