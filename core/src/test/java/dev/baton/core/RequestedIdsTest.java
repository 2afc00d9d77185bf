/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.CountingSessionStore;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session IDs a client sent with one request, and the first of them that names a live session. */
class RequestedIdsTest {

    private final CountingSessionStore store = new CountingSessionStore(new InMemorySessionStore(Clock.systemUTC()));
    private SessionEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private SessionEngine engine(String lockMode) {
        engine = SessionEngine.builder(BatonConfig.builder().store("memory:").set("lockMode", lockMode).build())
                .store(store).build();
        return engine;
    }

    private static String liveSession(SessionEngine engine, String user) {
        SessionRequest request = engine.newRequest(null);
        request.getSession(true).setAttribute("user", user);
        request.save();
        request.release();
        return request.idToSend().orElseThrow();
    }

    @Test
    void addWhenValuesComeInThenTheFirstWellFormedIsTheIdAndAtMostThreeDistinctOthersFollow() {
        List<String> ids = List.of(SessionIds.create().next(), SessionIds.create().next(), SessionIds.create().next(),
                SessionIds.create().next(), SessionIds.create().next());
        RequestedIds requested = new RequestedIds();

        requested.add("short");
        ids.forEach(requested::add);
        requested.add(ids.get(1));

        assertThat(requested.id()).isEqualTo(ids.get(0));
        assertThat(requested.others()).containsExactlyElementsOf(ids.subList(1, 1 + RequestedIds.MOST_OTHERS));
        RequestedIds malformed = new RequestedIds();
        malformed.add("short");
        malformed.add("also-short");
        assertThat(malformed.id()).as("the first value, which names no session").isEqualTo("short");
        assertThat(malformed.others()).isEmpty();
    }

    @Test
    void firstLiveWhenAStaleIdComesFirstThenTheLiveSessionAndOneMoreStoreRead() {
        SessionEngine engine = engine("none");
        String live = liveSession(engine, "ann");
        store.reset();

        SessionRequest request = RequestedIds.firstLive(engine, SessionIds.create().next(), List.of(live), null, "/");

        assertThat(request.requestedId()).isEqualTo(live);
        assertThat(request.getSession(false).getAttribute("user")).isEqualTo("ann");
        assertThat(store.calls("load")).isEqualTo(2);
    }

    @Test
    void firstLiveWhenTheFirstIdIsLiveThenTheOthersAreNeverRead() {
        SessionEngine engine = engine("none");
        String live = liveSession(engine, "ann");
        store.reset();

        SessionRequest request = RequestedIds.firstLive(engine, live, List.of(SessionIds.create().next()), null, "/");

        assertThat(request.getSession(false).getAttribute("user")).isEqualTo("ann");
        assertThat(store.calls("load")).isEqualTo(1);
        assertThat(store.calls("claimExpired")).isZero();
    }

    @Test
    void firstLiveWhenNoIdIsLiveThenTheFirstsRequestWithNoSession() {
        SessionEngine engine = engine("none");
        String first = SessionIds.create().next();

        SessionRequest request = RequestedIds.firstLive(engine, first, List.of(SessionIds.create().next()), null, "/");

        assertThat(request.requestedId()).isEqualTo(first);
        assertThat(request.getSession(false)).isNull();
    }

    @Test
    void firstLiveWhenLockingAndTheLiveSessionComesSecondThenItsLockIsHeldOnceAndReleasedByTheSave() {
        SessionEngine engine = engine("session");
        String live = liveSession(engine, "ann");
        String stale = SessionIds.create().next();

        SessionRequest request = RequestedIds.firstLive(engine, stale, List.of(live), null, "/");
        request.getSession(false).setAttribute("user", "bob");
        request.save();
        request.release();

        SessionRequest next = RequestedIds.firstLive(engine, stale, List.of(live), null, "/");
        assertThat(next.getSession(false).getAttribute("user")).as("the lock was free again").isEqualTo("bob");
        next.save();
        next.release();
    }
}
