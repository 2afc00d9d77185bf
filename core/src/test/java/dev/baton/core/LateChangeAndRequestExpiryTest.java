/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.RecordingListener;
import dev.baton.core.testing.StderrLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: changes made after the response was committed never overwrite a newer value, and a request that finds its
 * session expired fires {@code sessionDestroyed} for it, once in the cluster.
 */
class LateChangeAndRequestExpiryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private CountingSessionStore store;
    private RecordingListener events;
    private SessionEngine nodeA;
    private SessionEngine nodeB;

    @BeforeEach
    void setUp() {
        store = new CountingSessionStore(new InMemorySessionStore(clock));
        events = new RecordingListener();
        nodeA = engine();
        nodeB = engine();
    }

    @AfterEach
    void tearDown() {
        nodeA.close();
        nodeB.close();
    }

    private SessionEngine engine() {
        return SessionEngine.builder(BatonConfig.builder().store("memory:").build()).store(store).clock(clock)
                .listener(events).build();
    }

    private String createSession(Map<String, Object> attributes) {
        SessionRequest request = nodeA.newRequest(null);
        BatonSession session = request.getSession(true);
        attributes.forEach(session::setAttribute);
        request.save();
        return request.idToSend().orElseThrow();
    }

    private Object read(SessionEngine engine, String id, String name) {
        return engine.newRequest(id).getSession(false).getAttribute(name);
    }

    @SuppressWarnings("unchecked")
    private void add(SessionEngine engine, String id, String item) {
        SessionRequest request = engine.newRequest(id);
        ((List<String>) request.getSession(false).getAttribute("cart")).add(item);
        request.save();
    }

    // ---- late changes

    @Test
    void saveWhenValueIsSetAgainUnchangedAfterTheCommitThenNothingIsWritten() {
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
        SessionRequest request = nodeA.newRequest(id);
        BatonSession session = request.getSession(false);
        Object cart = session.getAttribute("cart");
        request.save();
        store.reset();

        session.setAttribute("cart", cart);
        request.save();

        assertThat(store.calls("save")).isZero();
    }

    @Test
    void saveWhenValueChangedInTheRequestIsSetAgainAfterTheCommitThenOnlyTheSaveBeforeCommitWrites() {
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
        SessionRequest request = nodeA.newRequest(id);
        BatonSession session = request.getSession(false);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) session.getAttribute("cart");
        cart.add("pen");
        request.save();
        add(nodeB, id, "ink");
        store.reset();

        session.setAttribute("cart", cart);
        request.save();

        assertThat(store.calls("save")).isZero();
        assertThat(read(nodeA, id, "cart")).isEqualTo(List.of("book", "pen", "ink"));
    }

    @Test
    void saveWhenLateChangeFindsTheStoredValueUnchangedThenItIsWrittenConditionally() {
        String id = createSession(Map.of("note", "a"));
        SessionRequest request = nodeA.newRequest(id);
        BatonSession session = request.getSession(false);
        session.getAttribute("note");
        request.save();
        store.reset();

        session.setAttribute("note", "late");
        request.save();

        assertThat(store.saves()).singleElement().satisfies(change -> {
            assertThat(change.expectedAttributes()).containsOnlyKeys("note");
            assertThat(change.fence()).isZero();
        });
        assertThat(read(nodeB, id, "note")).isEqualTo("late");
        assertThat(nodeA.lateChangesDropped()).isZero();
    }

    @Test
    void saveWhenLateChangeMeetsANewerValueThenTheNewerStandsAndOneWarningNamesTheAttributeOnly() {
        String id = createSession(Map.of("note", "a"));
        SessionRequest first = nodeA.newRequest(id);
        first.getSession(false).setAttribute("note", "b");
        first.save();
        SessionRequest newer = nodeB.newRequest(id);
        newer.getSession(false).setAttribute("note", "c");
        newer.save();
        SessionRequest second = nodeA.newRequest(id);
        second.getSession(false).getAttribute("note");
        second.save();
        SessionRequest newest = nodeB.newRequest(id);
        newest.getSession(false).setAttribute("note", "d");
        newest.save();

        String log = StderrLog.during(() -> {
            first.getSession(false).setAttribute("note", "late-1");
            first.save();
            second.getSession(false).setAttribute("note", "late-2");
            second.save();
        });

        assertThat(read(nodeB, id, "note")).isEqualTo("d");
        assertThat(nodeA.lateChangesDropped()).isEqualTo(2);
        assertThat(log.lines().filter(line -> line.contains("WARN"))).singleElement()
                .satisfies(line -> assertThat(line).contains("'note'").contains("after the response was committed"));
        assertThat(log).doesNotContain(id).doesNotContain(LogIds.hash(id));
    }

    @Test
    void saveWhenLateChangeOfTwoAttributesMeetsANewerValueOfOneThenTheOtherIsStillWritten() {
        String id = createSession(Map.of("a", "1", "b", "1"));
        SessionRequest request = nodeA.newRequest(id);
        BatonSession session = request.getSession(false);
        session.getAttribute("a");
        session.getAttribute("b");
        request.save();
        SessionRequest newer = nodeB.newRequest(id);
        newer.getSession(false).setAttribute("a", "newer");
        newer.save();

        StderrLog.during(() -> {
            session.setAttribute("a", "late");
            session.setAttribute("b", "late");
            request.save();
        });

        assertThat(read(nodeB, id, "a")).isEqualTo("newer");
        assertThat(read(nodeB, id, "b")).isEqualTo("late");
        assertThat(nodeA.lateChangesDropped()).isEqualTo(1);
    }

    @Test
    void saveWhenAttributeIsRemovedAfterTheCommitAndANewerRequestChangedItThenItIsKept() {
        String id = createSession(Map.of("a", "1"));
        SessionRequest request = nodeA.newRequest(id);
        BatonSession session = request.getSession(false);
        session.getAttribute("a");
        request.save();
        SessionRequest newer = nodeB.newRequest(id);
        newer.getSession(false).setAttribute("a", "newer");
        newer.save();

        StderrLog.during(() -> {
            session.removeAttribute("a");
            request.save();
        });

        assertThat(read(nodeB, id, "a")).isEqualTo("newer");
    }

    // ---- expiry found by a request

    @Test
    void getSessionWhenSessionExpiredThenDestroyedOnceWithItsAttributesBeforeANewOneIsCreated() {
        String id = createSession(Map.of("user", "alice"));
        clock.advance(Duration.ofMinutes(31));
        events.events().clear();

        SessionRequest request = nodeB.newRequest(id);
        BatonSession fresh = request.getSession(true);
        request.save();

        assertThat(events.events()).startsWith("destroyed:user", "unbound:user", "removed:user=alice", "created");
        assertThat(fresh.getId()).isNotEqualTo(id);
        assertThat(nodeA.reapExpired()).isZero();
        SessionRequest again = nodeA.newRequest(id);
        assertThat(again.getSession(false)).isNull();
        assertThat(events.events()).filteredOn(event -> event.startsWith("destroyed")).hasSize(1);
    }

    @Test
    void getSessionWhenSessionLiveOrUnknownThenNoClaimDestroysIt() {
        String id = createSession(Map.of("user", "alice"));
        events.events().clear();

        assertThat(nodeB.newRequest(id).getSession(false)).isNotNull();
        assertThat(nodeB.newRequest(SessionIds.create().next()).getSession(false)).isNull();

        assertThat(events.events()).isEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(nodeA.reapExpired()).isOne();
        assertThat(events.events()).filteredOn(event -> event.startsWith("destroyed")).hasSize(1);
    }
}
