/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's messages carry the version a save wrote ({@link InvalidationFeed#report}), and a copy goes only when a
 * newer version, or a removal, is announced: so a writer keeps the copy of its own save ({@link NearCache#keep}) while
 * its own message comes back, and any newer save of the session, announced before the copy is put or after, keeps it
 * out. The test plays the feed's part by calling the cache's listener methods itself.
 */
class NearCacheVersionsTest {

    private static final int SLOTS = 4096;

    private final MutableClock clock = MutableClock.startingNow();
    private final CountingSessionStore store = new CountingSessionStore(new InMemorySessionStore(clock));
    private final NearCache cache = new NearCache(1 << 20, Duration.ofMinutes(1), clock, new InvalidationFeed() {
        @Override
        public void start(Listener listener) {
            // The test reports the feed's events.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }, System::nanoTime, new SessionMetrics.Recorder() {
    });
    private final SessionIds ids = SessionIds.create();
    private String id;

    @BeforeEach
    void connectAndStoreASession() {
        cache.connected();
        id = ids.next();
        Instant now = clock.instant();
        store.save(new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("user", "alice".getBytes(StandardCharsets.UTF_8)),
                Set.of()));
    }

    /** The copy a writer would keep: the stored session, as its save wrote it at {@code version}. */
    private StoredSession written(String sessionId, long version) {
        StoredSession stored = store.load(sessionId).orElseThrow();
        return new StoredSession(sessionId, stored.created(), stored.lastAccessed(), stored.maxInactive(),
                stored.expiresAt(), version, stored.principal(), stored.attributes());
    }

    /** Whether a client that saw {@code version} is served from the copy, without a store call. */
    private boolean served(String sessionId, long version) {
        store.reset();
        cache.load(sessionId, version, store);
        return store.totalCalls() == 0;
    }

    /** Another ID in the same slot of the cache's announcements as {@link #id}. */
    private String anotherInTheSameSlot() {
        while (true) {
            String other = ids.next();
            if (Math.floorMod(other.hashCode(), SLOTS) == Math.floorMod(id.hashCode(), SLOTS)) {
                return other;
            }
        }
    }

    @Test
    void keepWhenOwnMessageComesBeforeOrAfterThenCopyServes() {
        long begun = cache.mark();
        cache.invalidated(id, 2);
        cache.keep(written(id, 2), begun);
        assertThat(served(id, 2)).as("own message before the put").isTrue();

        begun = cache.mark();
        cache.keep(written(id, 3), begun);
        cache.invalidated(id, 3);
        assertThat(served(id, 3)).as("own message after the put").isTrue();
    }

    @Test
    void keepWhenOlderMessagesOfTheSessionArriveThenCopyServes() {
        long begun = cache.mark();
        cache.invalidated(id, 2);
        cache.invalidated(id, 3);
        cache.invalidated(id, 4);

        cache.keep(written(id, 4), begun);

        assertThat(served(id, 4)).isTrue();
    }

    @Test
    void keepWhenNewerSaveWasAnnouncedSinceTheMarkThenNoCopy() {
        long begun = cache.mark();
        cache.invalidated(id, 2);
        cache.invalidated(id, 3);

        cache.keep(written(id, 2), begun);

        assertThat(served(id, 2)).isFalse();
    }

    @Test
    void invalidatedWhenNewerThanTheCopyThenItGoesAndWhenNotItStays() {
        cache.keep(written(id, 2), cache.mark());

        cache.invalidated(id, 1);
        cache.invalidated(id, 2);
        assertThat(served(id, 2)).isTrue();

        cache.invalidated(id, 3);
        assertThat(served(id, 2)).isFalse();
    }

    @Test
    void invalidatedWhenRemovalThenAnyCopyGoes() {
        cache.keep(written(id, 7), cache.mark());

        InvalidationFeed.report(id, cache);

        assertThat(served(id, 7)).isFalse();
    }

    @Test
    void keepWhenAnotherSessionOfTheSlotWasAnnouncedSinceTheMarkThenNoCopy() {
        String other = anotherInTheSameSlot();
        long begun = cache.mark();
        cache.invalidated(id, 2);
        cache.invalidated(other, 5);
        cache.invalidated(id, 3);

        cache.keep(written(id, 3), begun);

        assertThat(served(id, 3)).as("another session's event hides what came before it").isFalse();
        begun = cache.mark();
        cache.invalidated(other, 6);
        cache.keep(written(id, 3), begun);
        assertThat(served(id, 3)).isFalse();
    }

    @Test
    void keepWhenFeedReconnectedSinceTheMarkThenNoCopy() {
        long begun = cache.mark();
        cache.disconnected();
        cache.connected();

        cache.keep(written(id, 2), begun);

        assertThat(served(id, 2)).isFalse();
    }

    @Test
    void keepWhenANewerCopyIsThereThenItStays() {
        cache.keep(written(id, 5), cache.mark());

        cache.keep(written(id, 4), cache.mark());

        assertThat(served(id, 5)).isTrue();
    }

    @Test
    void reportWhenMessageHasAVersionThenItIsTheSavesElseARemoval() {
        StringBuilder heard = new StringBuilder();
        InvalidationFeed.Listener listener = new InvalidationFeed.Listener() {
            @Override
            public void invalidated(String sessionId, long version) {
                heard.append(sessionId).append('@')
                        .append(version == InvalidationFeed.REMOVED ? "removed" : Long.toString(version)).append(' ');
            }

            @Override
            public void connected() {
            }

            @Override
            public void disconnected() {
            }
        };

        InvalidationFeed.report("abc 42", listener);
        InvalidationFeed.report("abc", listener);
        InvalidationFeed.report("abc x", listener);

        assertThat(heard.toString()).isEqualTo("abc@42 abc@removed abc@removed ");
    }
}
