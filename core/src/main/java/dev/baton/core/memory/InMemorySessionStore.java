package dev.baton.core.memory;

import static java.util.Objects.requireNonNull;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.StoredSession;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

    private final Clock clock;
    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<IndexEntry> expiryIndex = new ConcurrentSkipListSet<>();

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
    public SaveResult save(SessionChange change) {
        boolean[] gone = {false};
        sessions.compute(change.id(), (id, current) -> {
            if (change.kind() == SessionChange.Kind.UPDATE && (current == null || current.isExpiredAt(change.at()))) {
                gone[0] = true;
                return current;
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
            return next;
        });
        return gone[0] ? SaveResult.GONE : SaveResult.SAVED;
    }

    @Override
    public boolean delete(String id) {
        StoredSession removed = sessions.remove(id);
        reindex(removed, null);
        return removed != null;
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        Instant now = clock.instant();
        StoredSession[] moved = {null};
        sessions.computeIfPresent(oldId, (id, current) -> {
            if (current.isExpiredAt(now)) {
                return current;
            }
            moved[0] = current;
            return null;
        });
        if (moved[0] == null) {
            return false;
        }
        StoredSession old = moved[0];
        StoredSession renamed = new StoredSession(newId, old.created(), old.lastAccessed(), old.maxInactive(),
                old.expiresAt(), old.version() + 1, old.principal(), old.attributes());
        sessions.put(newId, renamed);
        reindex(old, renamed);
        return true;
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
                    return null;
                }
                return current;
            });
            if (taken[0] != null) {
                expiryIndex.remove(entry);
                claimed.add(taken[0]);
            } else if (!sessions.containsKey(entry.id())) {
                expiryIndex.remove(entry);
            }
        }
        return claimed;
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

    /** The number of sessions held, expired ones not yet reaped included. */
    public int size() {
        return sessions.size();
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
