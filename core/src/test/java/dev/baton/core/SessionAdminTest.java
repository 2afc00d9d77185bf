/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 21, sessions by user: the principal's recording and {@link SessionAdmin}, on the in-memory store. */
class SessionAdminTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private CountingSessionStore store;
    private RecordingListener events;
    private SessionEngine engine;
    private SessionAdmin admin;
    private int requests;

    @BeforeEach
    void setUp() {
        store = new CountingSessionStore(new InMemorySessionStore(clock));
        events = new RecordingListener();
        engine = SessionEngine.builder(BatonConfig.builder().store("memory:").build()).store(store).clock(clock)
                .listener(events).build();
        admin = SessionAdmin.of(engine);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** A request that creates a session of {@code user} (or none) with one attribute; returns the ID. */
    private String login(String user) {
        SessionRequest request = engine.newRequest(null);
        request.getSession(true).setAttribute("cart", "3 items");
        request.recordPrincipal(user);
        request.save();
        return request.idToSend().orElseThrow();
    }

    private void request(String id, String user) {
        SessionRequest request = engine.newRequest(id);
        request.getSession(false).setAttribute("seen", ++requests);
        request.recordPrincipal(user);
        request.save();
    }

    @Test
    void recordPrincipalWhenUnchangedThenNoIndexCallAndPrincipalTravelsWithTheSave() {
        String id = login("alice");
        assertThat(store.calls("indexPrincipal")).isEqualTo(1);
        store.reset();

        request(id, "alice");
        request(id, null);

        assertThat(store.calls("indexPrincipal")).isZero();
        assertThat(store.calls("save")).isEqualTo(2);
        assertThat(store.load(id).orElseThrow().principal()).isEqualTo("alice");
    }

    @Test
    void recordPrincipalWhenRequestLoadedNoSessionThenNoStoreCall() {
        String id = login("alice");
        store.reset();

        SessionRequest request = engine.newRequest(id);
        request.recordPrincipal("alice");
        request.save();

        assertThat(store.totalCalls()).isZero();
    }

    @Test
    void recordPrincipalWhenIdChangesThenNewIdIsIndexed() {
        String id = login("alice");
        SessionRequest request = engine.newRequest(id);
        request.getSession(false);
        String newId = request.changeSessionId();
        request.save();

        assertThat(store.findByPrincipal("alice", clock.instant())).containsExactly(newId);
    }

    @Test
    void sessionsOfWhenUserHasSessionsThenListsHashesAndTimesOldestFirst() {
        String first = login("alice");
        clock.advance(Duration.ofMinutes(1));
        String second = login("alice");
        login("bob");
        login(null);

        List<SessionAdmin.SessionInfo> sessions = admin.sessionsOf("alice");

        assertThat(sessions).extracting(SessionAdmin.SessionInfo::idHash)
                .containsExactly(LogIds.hash(first), LogIds.hash(second));
        assertThat(sessions.get(1).created()).isEqualTo(clock.instant());
        assertThat(sessions.get(1).expiresAt()).isEqualTo(clock.instant().plus(engine.maxInactiveInterval()));
        assertThat(admin.countSessionsOf("alice")).isEqualTo(2);
        assertThat(admin.countSessions()).hasValue(4);
    }

    @Test
    void invalidateWhenHashNamesOneSessionThenOnlyThatOneEnds() {
        String first = login("alice");
        String second = login("alice");
        events.events().clear();

        assertThat(admin.invalidate("alice", LogIds.hash(first))).isTrue();
        assertThat(admin.invalidate("alice", LogIds.hash(first))).isFalse();
        assertThat(admin.invalidate("bob", LogIds.hash(second))).isFalse();

        assertThat(store.load(first)).isEmpty();
        assertThat(store.load(second)).isPresent();
        assertThat(events.events()).containsExactly("destroyed:cart", "unbound:cart", "removed:cart=3 items");
    }

    @Test
    void invalidateAllWhenUserHasSessionsThenEachIsDestroyedOnceAndOthersStay() {
        String first = login("alice");
        String second = login("alice");
        String bobs = login("bob");
        events.events().clear();

        assertThat(admin.invalidateAll("alice")).isEqualTo(2);
        assertThat(admin.invalidateAll("alice")).isZero();

        assertThat(store.load(first)).isEmpty();
        assertThat(store.load(second)).isEmpty();
        assertThat(store.load(bobs)).isPresent();
        assertThat(events.events()).filteredOn(e -> e.startsWith("destroyed")).hasSize(2);
    }

    @Test
    void invalidateAllWhenUsersSessionIsInUseThenItsLateSaveDoesNotBringItBack() {
        String id = login("alice");
        SessionRequest inFlight = engine.newRequest(id);
        inFlight.getSession(false).setAttribute("late", "write");

        admin.invalidateAll("alice");
        inFlight.save();

        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void sessionsOfWhenPrincipalChangedThenOldUserNoLongerListsIt() {
        String id = login("alice");
        request(id, "bob");

        assertThat(admin.sessionsOf("alice")).isEmpty();
        assertThat(admin.sessionsOf("bob")).hasSize(1);
    }

    @Test
    void sessionsOfWhenPrincipalNullThenThrowsNamingIt() {
        assertThatThrownBy(() -> admin.sessionsOf(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("principal");
        assertThatThrownBy(() -> SessionAdmin.of(null)).hasMessage("engine");
    }
}
