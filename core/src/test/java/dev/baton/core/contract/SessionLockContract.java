package dev.baton.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.LockedLoad;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionStore;
import dev.baton.core.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session lock part of the {@link SessionStore} contract ({@code lockMode}): {@code loadLocked},
 * {@code renewLock}, {@code unlock}, and saves fenced by the lock's token. Leases are judged by the test's clock.
 */
public abstract class SessionLockContract extends SessionStoreContract {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private LockedLoad.Acquired acquire(SessionStore on, String id, String owner) {
        LockedLoad result = on.loadLocked(id, owner, clock.instant(), LEASE);
        assertThat(result).isInstanceOf(LockedLoad.Acquired.class);
        return (LockedLoad.Acquired) result;
    }

    private String attribute(String id, String name) {
        StoredSession session = store().load(id).orElseThrow(() -> new AssertionError("session not found"));
        byte[] value = session.attributes().get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Test
    void loadLockedWhenFreeThenReturnsSessionWithItsAttributes() {
        String id = newId();
        store().save(create(id, Map.of("cart", bytes("[1]"))));

        LockedLoad.Acquired lock = acquire(store(), id, "owner-a");

        assertThat(lock.fence()).isPositive();
        assertThat(new String(lock.session().attributes().get("cart"), StandardCharsets.UTF_8)).isEqualTo("[1]");
    }

    @Test
    void loadLockedWhenAnotherRequestHoldsTheLockThenBusyUntilItsLeaseEnds() {
        String id = newId();
        store().save(create(id, Map.of()));
        Instant start = clock.instant();
        acquire(store(), id, "owner-a");

        LockedLoad second = anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE);

        assertThat(second).isInstanceOf(LockedLoad.Busy.class);
        assertThat(((LockedLoad.Busy) second).heldUntil()).isEqualTo(start.plus(LEASE));
    }

    @Test
    void loadLockedWhenLeaseRanOutThenNextRequestGetsHigherFence() {
        String id = newId();
        store().save(create(id, Map.of()));
        long first = acquire(store(), id, "owner-a").fence();

        clock.advance(LEASE);
        long second = acquire(anotherNode(), id, "owner-b").fence();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void loadLockedWhenReplayedBySameOwnerThenSameLease() {
        String id = newId();
        store().save(create(id, Map.of()));
        long first = acquire(store(), id, "owner-a").fence();

        long replayed = acquire(store(), id, "owner-a").fence();

        assertThat(replayed).isEqualTo(first);
    }

    @Test
    void loadLockedWhenNoSessionThenAbsentAndNothingCreated() {
        String id = newId();

        assertThat(store().loadLocked(id, "owner-a", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Absent.class);
        assertThat(store().load(id)).isEmpty();
    }

    @Test
    void loadLockedWhenSessionExpiredThenAbsent() {
        String id = newId();
        store().save(create(id, Map.of()));
        clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(store().loadLocked(id, "owner-a", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Absent.class);
    }

    @Test
    void saveWhenFenceIsCurrentThenWrittenAndLockReleased() {
        String id = newId();
        Instant created = clock.instant();
        store().save(create(id, Map.of("n", bytes("1"))));
        long fence = acquire(store(), id, "owner-a").fence();

        SaveResult result = store().save(update(id, created, Map.of("n", bytes("2")), Set.of()).withFence(fence));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(attribute(id, "n")).isEqualTo("2");
        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Acquired.class);
    }

    @Test
    void saveWhenAnotherRequestTookTheLockSinceThenFencedAndNothingWritten() {
        String id = newId();
        Instant created = clock.instant();
        store().save(create(id, Map.of("n", bytes("1"))));
        long stale = acquire(store(), id, "owner-a").fence();
        clock.advance(LEASE.plusSeconds(1));
        long current = acquire(anotherNode(), id, "owner-b").fence();
        anotherNode().save(update(id, created, Map.of("n", bytes("newer")), Set.of()).withFence(current));

        SaveResult late = store().save(update(id, created, Map.of("n", bytes("stale")), Set.of("gone"))
                .withFence(stale));

        assertThat(late).isEqualTo(SaveResult.FENCED);
        assertThat(attribute(id, "n")).isEqualTo("newer");
    }

    @Test
    void saveWhenLeaseRanOutButNobodyTookTheLockThenWritten() {
        String id = newId();
        Instant created = clock.instant();
        store().save(create(id, Map.of()));
        long fence = acquire(store(), id, "owner-a").fence();
        clock.advance(LEASE.plusSeconds(1));

        SaveResult result = store().save(update(id, created, Map.of("n", bytes("late")), Set.of()).withFence(fence));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(attribute(id, "n")).isEqualTo("late");
    }

    @Test
    void saveWhenUnfencedThenIgnoresTheLock() {
        String id = newId();
        Instant created = clock.instant();
        store().save(create(id, Map.of()));
        acquire(store(), id, "owner-a");

        SaveResult result = anotherNode().save(update(id, created, Map.of("n", bytes("x")), Set.of()));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Busy.class);
    }

    @Test
    void unlockWhenFenceIsCurrentThenLockIsFree() {
        String id = newId();
        store().save(create(id, Map.of()));
        long fence = acquire(store(), id, "owner-a").fence();

        store().unlock(id, fence);

        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Acquired.class);
    }

    @Test
    void unlockWhenAnotherRequestTookTheLockSinceThenItKeepsIt() {
        String id = newId();
        store().save(create(id, Map.of()));
        long stale = acquire(store(), id, "owner-a").fence();
        clock.advance(LEASE.plusSeconds(1));
        acquire(anotherNode(), id, "owner-b");

        store().unlock(id, stale);

        assertThat(store().loadLocked(id, "owner-c", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Busy.class);
    }

    @Test
    void renewLockWhenHeldThenLeaseIsExtended() {
        String id = newId();
        store().save(create(id, Map.of()));
        long fence = acquire(store(), id, "owner-a").fence();
        clock.advance(LEASE.minusSeconds(1));

        boolean renewed = store().renewLock(id, fence, clock.instant(), LEASE);
        clock.advance(Duration.ofSeconds(2));

        assertThat(renewed).isTrue();
        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Busy.class);
    }

    @Test
    void renewLockWhenReleasedOrTakenThenFalse() {
        String id = newId();
        store().save(create(id, Map.of()));
        long fence = acquire(store(), id, "owner-a").fence();
        store().unlock(id, fence);

        assertThat(store().renewLock(id, fence, clock.instant(), LEASE)).isFalse();
        assertThat(store().renewLock(newId(), 1, clock.instant(), LEASE)).isFalse();
    }

    @Test
    void deleteWhenLockedThenSessionAndLockAreGone() {
        String id = newId();
        store().save(create(id, Map.of()));
        acquire(store(), id, "owner-a");

        assertThat(anotherNode().delete(id)).isTrue();

        assertThat(store().loadLocked(id, "owner-b", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Absent.class);
    }

    @Test
    void changeIdWhenLockedThenLockMovesWithTheSession() {
        String oldId = newId();
        String newId = newId();
        Instant created = clock.instant();
        store().save(create(oldId, Map.of("n", bytes("1"))));
        long fence = acquire(store(), oldId, "owner-a").fence();

        assertThat(store().changeId(oldId, newId)).isTrue();

        assertThat(anotherNode().loadLocked(newId, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Busy.class);
        assertThat(store().save(update(newId, created, Map.of("n", bytes("2")), Set.of()).withFence(fence)))
                .isEqualTo(SaveResult.SAVED);
        assertThat(attribute(newId, "n")).isEqualTo("2");
    }

    @Test
    void loadLockedWhenEightRequestsRaceThenExactlyOneAcquires() throws Exception {
        String id = newId();
        store().save(create(id, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LockedLoad>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SessionStore node = i % 2 == 0 ? store() : anotherNode();
                String owner = "owner-" + i;
                results.add(pool.submit(() -> node.loadLocked(id, owner, clock.instant(), LEASE)));
            }
            int acquired = 0;
            for (Future<LockedLoad> result : results) {
                if (result.get(10, TimeUnit.SECONDS) instanceof LockedLoad.Acquired) {
                    acquired++;
                }
            }
            assertThat(acquired).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
