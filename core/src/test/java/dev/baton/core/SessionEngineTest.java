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
import dev.baton.core.testing.StderrLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionEngineTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private InMemorySessionStore memory;
    private CountingSessionStore store;
    private RecordingListener events;
    private SessionEngine engine;

    @BeforeEach
    void setUp() {
        memory = new InMemorySessionStore(clock);
        store = new CountingSessionStore(memory);
        events = new RecordingListener();
        engine = engine(BatonConfig.builder().store("memory:").build());
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private SessionEngine engine(BatonConfig config) {
        return SessionEngine.builder(config).store(store).clock(clock).listener(events).build();
    }

    /** Runs one request that creates a session with the given attributes and returns its ID. */
    private String createSession(Map<String, Object> attributes) {
        SessionRequest request = engine.newRequest(null);
        BatonSession session = request.getSession(true);
        attributes.forEach(session::setAttribute);
        request.save();
        return request.idToSend().orElseThrow();
    }

    @Test
    void newRequestWhenSessionNeverAskedForThenNoStoreCall() {
        String id = createSession(Map.of("a", "1"));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        request.save();

        assertThat(store.totalCalls()).isZero();
    }

    @Test
    void getSessionWhenRequestedIdMalformedThenNoStoreCallAndNewIdIssued() {
        for (String malformed : List.of("", "*", "../../etc/passwd", "x".repeat(8192), "é".repeat(43),
                "A".repeat(42) + "\n")) {
            store.reset();
            SessionRequest request = engine.newRequest(malformed);

            assertThat(request.getSession(false)).isNull();
            assertThat(request.isRequestedIdValid()).isFalse();
            assertThat(store.calls("load")).isZero();
            BatonSession created = request.getSession(true);
            assertThat(created.getId()).isNotEqualTo(malformed);
            assertThat(SessionIds.isWellFormed(created.getId())).isTrue();
        }
    }

    @Test
    void getSessionWhenRequestedIdUnknownThenItIsNotAdopted() {
        String unknown = SessionIds.create().next();
        SessionRequest request = engine.newRequest(unknown);

        BatonSession session = request.getSession(true);
        request.save();

        assertThat(session.getId()).isNotEqualTo(unknown);
        assertThat(request.idToSend()).contains(session.getId());
        assertThat(memory.load(unknown)).isEmpty();
    }

    @Test
    void completeWhenSessionCreatedThenOneCreateAndNextRequestSeesAttributes() {
        String id = createSession(Map.of("user", "alice", "cart", new ArrayList<>(List.of("book"))));

        assertThat(store.saves()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(SessionChange.Kind.CREATE);
            assertThat(change.setAttributes()).containsOnlyKeys("user", "cart");
        });
        SessionRequest next = engine.newRequest(id);
        BatonSession session = next.getSession(false);
        assertThat(session.isNew()).isFalse();
        assertThat(session.getAttribute("user")).isEqualTo("alice");
        assertThat(session.getAttribute("cart")).isEqualTo(List.of("book"));
        assertThat(next.idToSend()).isEmpty();
    }

    @Test
    void completeWhenRequestOnlyReadsThenNothingIsWritten() {
        String id = createSession(Map.of("user", "alice", "cart", new ArrayList<>(List.of("book"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).getAttribute("user");
        request.getSession(false).getAttribute("cart");
        request.save();

        assertThat(store.calls("load")).isEqualTo(1);
        assertThat(store.calls("save")).isZero();
    }

    @Test
    void completeWhenTouchIsDueThenMetadataOnlySaveMovesExpiry() {
        String id = createSession(Map.of("user", "alice"));
        clock.advance(Duration.ofMinutes(2));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).getAttribute("user");
        request.save();

        assertThat(store.saves()).singleElement().satisfies(change -> {
            assertThat(change.isMetadataOnly()).isTrue();
            assertThat(change.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        });
    }

    @Test
    void completeWhenValueMutatedInPlaceThenOnlyThatAttributeIsWritten() {
        String id = createSession(Map.of("user", "alice", "cart", new ArrayList<>(List.of("book")),
                "other", new ArrayList<>(List.of("x"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) request.getSession(false).getAttribute("cart");
        cart.add("pen");
        request.getSession(false).getAttribute("other");
        request.save();

        assertThat(store.saves()).singleElement().satisfies(change -> {
            assertThat(change.setAttributes()).containsOnlyKeys("cart");
            assertThat(change.removedAttributes()).isEmpty();
        });
        assertThat(engine.newRequest(id).getSession(false).getAttribute("cart")).isEqualTo(List.of("book", "pen"));
    }

    @Test
    void completeWhenSaveModeOnSetAttributeThenMutationInPlaceIsNotWritten() {
        engine = engine(BatonConfig.builder().store("memory:").set("saveMode", "on-set-attribute").build());
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) request.getSession(false).getAttribute("cart");
        cart.add("pen");
        request.save();

        assertThat(store.calls("save")).isZero();
    }

    @Test
    void completeWhenSaveModeAlwaysThenEveryReadAttributeIsWritten() {
        engine = engine(BatonConfig.builder().store("memory:").set("saveMode", "always").build());
        String id = createSession(Map.of("user", "alice", "cart", new ArrayList<>(List.of("book"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).getAttribute("user");
        request.save();

        assertThat(store.saves()).singleElement()
                .satisfies(change -> assertThat(change.setAttributes()).containsOnlyKeys("user"));
    }

    @Test
    void completeWhenAttributesSetAndRemovedThenDeltaHasExactlyThose() {
        String id = createSession(Map.of("keep", "k", "drop", "d", "replace", "old"));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        session.removeAttribute("drop");
        session.setAttribute("replace", "new");
        session.setAttribute("add", "a");
        session.setAttribute("keep", null);
        request.save();

        assertThat(store.saves()).singleElement().satisfies(change -> {
            assertThat(change.setAttributes()).containsOnlyKeys("replace", "add");
            assertThat(change.removedAttributes()).containsExactlyInAnyOrder("drop", "keep");
        });
        BatonSession reloaded = engine.newRequest(id).getSession(false);
        assertThat(reloaded.getAttributeNames()).containsExactlyInAnyOrder("replace", "add");
    }

    @Test
    void saveWhenCalledTwiceWithoutChangesThenWritesOnce() {
        SessionRequest request = engine.newRequest(null);
        request.getSession(true).setAttribute("a", "1");

        request.save();
        request.save();

        assertThat(store.calls("save")).isEqualTo(1);
    }

    @Test
    void setAttributeWhenEventsFireThenTomcatOrderIsKept() {
        SessionRequest request = engine.newRequest(null);
        BatonSession session = request.getSession(true);

        session.setAttribute("a", "1");
        session.setAttribute("a", "2");
        session.removeAttribute("a");

        assertThat(events.events()).containsExactly("created", "bound:a", "added:a", "bound:a", "unbound:a",
                "replaced:a=1", "unbound:a", "removed:a=2");
    }

    @Test
    void invalidateWhenSessionStoredThenDeletedEverywhereAndEventsFireOnce() {
        String id = createSession(Map.of("user", "alice"));
        events.events().clear();

        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        session.invalidate();
        request.save();

        assertThat(events.events()).containsExactly("destroyed:user", "unbound:user", "removed:user=alice");
        assertThat(memory.load(id)).isEmpty();
        assertThat(request.shouldClearClientId()).isTrue();
        assertThat(store.saves()).hasSize(1);
        assertThatThrownBy(() -> session.getAttribute("user")).isInstanceOf(IllegalStateException.class)
                .hasMessage("getAttribute: Session already invalidated");
        assertThatThrownBy(session::invalidate).hasMessage("invalidate: Session already invalidated");
        assertThat(engine.newRequest(id).getSession(false)).isNull();
    }

    @Test
    void invalidateWhenAnotherNodeDestroyedItFirstThenNoEventsFireHere() {
        String id = createSession(Map.of("user", "alice"));
        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        memory.delete(id);
        events.events().clear();

        session.invalidate();

        assertThat(events.events()).isEmpty();
        assertThat(session.isValid()).isFalse();
    }

    @Test
    void completeWhenSessionDeletedByAnotherNodeMeanwhileThenItIsNotResurrected() {
        String id = createSession(Map.of("user", "alice"));
        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        memory.delete(id);

        session.setAttribute("late", "write");
        request.save();

        assertThat(memory.load(id)).isEmpty();
        assertThat(session.isValid()).isFalse();
    }

    @Test
    void changeSessionIdWhenStoredThenOldIdIsDeadAndNewIdCarriesEverything() {
        String id = createSession(Map.of("user", "alice"));
        events.events().clear();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).setAttribute("role", "admin");
        String newId = request.changeSessionId();
        request.save();

        assertThat(newId).isNotEqualTo(id);
        assertThat(request.idToSend()).contains(newId);
        assertThat(engine.newRequest(id).getSession(false)).isNull();
        BatonSession moved = engine.newRequest(newId).getSession(false);
        assertThat(moved.getAttribute("user")).isEqualTo("alice");
        assertThat(moved.getAttribute("role")).isEqualTo("admin");
        assertThat(events.events()).contains("idChanged");
    }

    @Test
    void changeSessionIdWhenNoSessionThenIllegalState() {
        assertThatThrownBy(() -> engine.newRequest(null).changeSessionId())
                .isInstanceOf(IllegalStateException.class).hasMessage("changeSessionId: the request has no session");
    }

    @Test
    void getSessionWhenIdleTimeoutPassedThenNoSession() {
        String id = createSession(Map.of("user", "alice"));

        clock.advance(Duration.ofMinutes(30));

        assertThat(engine.newRequest(id).getSession(false)).isNull();
    }

    @Test
    void getSessionWhenMaxSessionAgePassedThenNoSessionEvenIfActive() {
        engine = engine(BatonConfig.builder().store("memory:").set("maxSessionAge", "1h").build());
        String id = createSession(Map.of("user", "alice"));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(11));
            SessionRequest request = engine.newRequest(id);
            request.getSession(false).setAttribute("n", i);
            request.save();
        }

        clock.advance(Duration.ofMinutes(6));

        assertThat(engine.newRequest(id).getSession(false)).isNull();
    }

    @Test
    void setMaxInactiveIntervalWhenZeroThenSessionNeverExpires() {
        SessionRequest request = engine.newRequest(null);
        request.getSession(true).setMaxInactiveInterval(Duration.ZERO);
        request.save();
        String id = request.idToSend().orElseThrow();

        clock.advance(Duration.ofDays(30));

        assertThat(engine.newRequest(id).getSession(false)).isNotNull();
    }

    @Test
    void setAttributeWhenSessionWouldExceedMaxBytesThenRefusedNamingTheAttribute() {
        engine = engine(BatonConfig.builder().store("memory:").set("maxSessionBytes", "2KiB").build());
        SessionRequest request = engine.newRequest(null);
        BatonSession session = request.getSession(true);

        assertThatThrownBy(() -> session.setAttribute("big", "x".repeat(4096)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setAttribute: attribute 'big'").hasMessageContaining("maxSessionBytes=2048");
        assertThat(session.getAttribute("big")).isNull();
    }

    @Test
    void completeWhenMutationMakesSessionTooLargeThenNothingIsWritten() {
        engine = engine(BatonConfig.builder().store("memory:").set("maxSessionBytes", "2KiB").build());
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) request.getSession(false).getAttribute("cart");
        cart.add("x".repeat(4096));

        assertThatThrownBy(request::save).isInstanceOf(SessionTooLargeException.class)
                .hasMessageContaining("over maxSessionBytes=2048; nothing was saved")
                .hasMessageContaining("'cart'");
        assertThat(store.calls("save")).isZero();
        assertThat(engine.newRequest(id).getSession(false).getAttribute("cart")).isEqualTo(List.of("book"));
    }

    /** Writes stored bytes straight into the store, as someone with write access to Redis or the database could. */
    private void overwriteStored(String id, String attribute, byte[] bytes) {
        Instant now = clock.instant();
        memory.save(new SessionChange(SessionChange.Kind.UPDATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of(attribute, bytes), Set.of()));
    }

    private SessionEngine encryptingEngine() {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        return engine(BatonConfig.builder().store("memory:").set("encryptionKeys", "k1:" + secret).build());
    }

    @Test
    void completeWhenEncryptedAndRequestOnlyReadsMutableAttributeThenNothingIsWritten() {
        // Regression (issue 2): each encryption has a fresh nonce, so comparing stored ciphertexts always differed.
        engine = encryptingEngine();
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        assertThat(request.getSession(false).getAttribute("cart")).isEqualTo(List.of("book"));
        request.save();

        assertThat(store.calls("save")).isZero();
    }

    @Test
    void completeWhenEncryptedAndValueMutatedInPlaceThenOnlyThatAttributeIsWritten() {
        engine = encryptingEngine();
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book")),
                "other", new ArrayList<>(List.of("x"))));
        store.reset();

        SessionRequest request = engine.newRequest(id);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) request.getSession(false).getAttribute("cart");
        cart.add("pen");
        request.getSession(false).getAttribute("other");
        request.save();

        assertThat(store.saves()).singleElement()
                .satisfies(change -> assertThat(change.setAttributes()).containsOnlyKeys("cart"));
        assertThat(engine.newRequest(id).getSession(false).getAttribute("cart")).isEqualTo(List.of("book", "pen"));
    }

    @Test
    void completeWhenValueChangedAfterSetAttributeThenTheChangedValueIsWritten() {
        for (SessionEngine each : List.of(engine, encryptingEngine())) {
            engine = each;
            String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
            SessionRequest request = engine.newRequest(id);
            List<String> cart = new ArrayList<>(List.of("pen"));
            request.getSession(false).setAttribute("cart", cart);
            request.getSession(false).setAttribute("unchanged", new ArrayList<>(List.of("ink")));
            cart.add("ink");
            request.save();

            BatonSession next = engine.newRequest(id).getSession(false);
            assertThat(next.getAttribute("cart")).isEqualTo(List.of("pen", "ink"));
            assertThat(next.getAttribute("unchanged")).isEqualTo(List.of("ink"));
        }
    }

    @Test
    void completeWhenImmutableValueSetThenTheBytesEncodedAtSetAttributeAreWritten() {
        String id = createSession(Map.of("user", "alice"));
        store.reset();
        SessionRequest request = engine.newRequest(id);
        request.getSession(false).setAttribute("since", Instant.parse("2026-01-01T00:00:00Z"));
        byte[] atSetAttribute = request.getSession(false).pendingChange(clock.instant()).setAttributes().get("since");
        request.save();

        assertThat(store.saves()).singleElement()
                .satisfies(change -> assertThat(change.setAttributes().get("since")).isSameAs(atSetAttribute));
    }

    @Test
    void saveWhenEncryptedValueMutatedAgainAfterASaveThenOnlyTheSecondChangeIsWrittenAgain() {
        engine = encryptingEngine();
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book"))));
        store.reset();
        SessionRequest request = engine.newRequest(id);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) request.getSession(false).getAttribute("cart");
        cart.add("pen");
        request.save();

        request.save();
        cart.add("ink");
        request.save();

        assertThat(store.calls("save")).isEqualTo(2);
        assertThat(engine.newRequest(id).getSession(false).getAttribute("cart"))
                .isEqualTo(List.of("book", "pen", "ink"));
    }

    @Test
    void changeSessionIdWhenEncryptedAndAttributesUnreadThenTheyAreKeptUnderTheNewId() {
        // Regression (issue 18, item 1): renameTo set the new ID before decoding, so unread values failed
        // authentication and were dropped at login (Tomcat's authenticators and Spring Security rotate the ID).
        engine = encryptingEngine();
        String id = createSession(Map.of("cart", new ArrayList<>(List.of("book")), "user", "alice"));
        SessionRequest request = engine.newRequest(id);
        request.getSession(false);

        String log = StderrLog.during(() -> {
            request.changeSessionId();
            request.save();
        });

        String newId = request.idToSend().orElseThrow();
        BatonSession moved = engine.newRequest(newId).getSession(false);
        assertThat(moved.getAttribute("cart")).isEqualTo(List.of("book"));
        assertThat(moved.getAttribute("user")).isEqualTo("alice");
        assertThat(log).doesNotContain("WARN");
        assertThat(engine.decodeFailures()).isZero();
    }

    @Test
    void getAttributeWhenEncryptedValueWasTamperedWithThenDroppedWithSecurityWarningAndRestSurvives() {
        engine = encryptingEngine();
        String id = createSession(Map.of("user", "alice", "cart", new ArrayList<>(List.of("book"))));
        byte[] stored = memory.load(id).orElseThrow().attributes().get("cart").clone();
        stored[stored.length - 1] ^= 1;
        overwriteStored(id, "cart", stored);
        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);

        String log = StderrLog.during(() -> assertThat(session.getAttribute("cart")).isNull());

        assertThat(log).contains("WARN").contains("SECURITY").contains("'cart'").doesNotContain(id);
        assertThat(session.getAttributeNames()).containsExactly("user");
        assertThat(session.getAttribute("user")).isEqualTo("alice");
        request.save();
        assertThat(memory.load(id).orElseThrow().attributes()).containsKey("user");
    }

    @Test
    void getAttributeWhenValueWasEncryptedWithAKeyNoLongerConfiguredThenDroppedWithSecurityWarning() {
        engine = encryptingEngine();
        String id = createSession(Map.of("user", "alice"));
        engine.close();
        String otherSecret = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32});
        engine = engine(BatonConfig.builder().store("memory:").set("encryptionKeys", "k2:" + otherSecret).build());
        BatonSession session = engine.newRequest(id).getSession(false);

        String log = StderrLog.during(() -> assertThat(session.getAttribute("user")).isNull());

        assertThat(log).contains("WARN").contains("SECURITY").contains("'user'").doesNotContain(id);
    }

    @Test
    void getAttributeWhenStoredBytesCannotBeDecodedThenAttributeIsDroppedNotFailed() {
        String id = createSession(Map.of("user", "alice"));
        overwriteStored(id, "broken", new byte[] {1, 1, 0, 99, 99});

        BatonSession session = engine.newRequest(id).getSession(false);

        assertThat(session.getAttribute("broken")).isNull();
        assertThat(session.getAttributeNames()).containsExactly("user");
        assertThat(session.getAttribute("user")).isEqualTo("alice");
    }

    @Test
    void getAttributeWhenUnreadableOnEveryRequestThenWarnedOncePerSessionAndAttributeAndEveryFailureCounted() {
        // Regression (issue 18, item 15): every request that read an unreadable attribute logged a warning again.
        String first = createSession(Map.of("user", "alice"));
        String second = createSession(Map.of("user", "bob"));
        overwriteStored(first, "broken", new byte[] {1, 1, 0, 99, 99});
        overwriteStored(second, "broken", new byte[] {1, 1, 0, 99, 99});

        String log = StderrLog.during(() -> {
            for (int i = 0; i < 3; i++) {
                for (String id : List.of(first, second)) {
                    SessionRequest request = engine.newRequest(id);
                    assertThat(request.getSession(false).getAttribute("broken")).isNull();
                    request.save();
                }
            }
        });

        assertThat(log.lines().filter(line -> line.contains("WARN"))).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("'broken'").contains(LogIds.hash(first)))
                .anySatisfy(line -> assertThat(line).contains("'broken'").contains(LogIds.hash(second)));
        assertThat(engine.decodeFailures()).isEqualTo(6);
        assertThat(memory.load(first).orElseThrow().attributes()).containsKey("broken");
    }

    @Test
    void reapExpiredWhenSessionsExpiredThenEachIsDestroyedWithItsAttributes() {
        createSession(Map.of("user", "alice"));
        createSession(Map.of("user", "bob"));
        events.events().clear();
        clock.advance(Duration.ofMinutes(31));

        int destroyed = engine.reapExpired();

        assertThat(destroyed).isEqualTo(2);
        assertThat(events.events()).filteredOn(e -> e.startsWith("destroyed")).containsExactly(
                "destroyed:user", "destroyed:user");
        assertThat(events.events()).contains("removed:user=alice", "removed:user=bob");
        assertThat(engine.reapExpired()).isZero();
    }

    @Test
    void notifyWhenListenerThrowsThenRequestGoesOn() {
        SessionEngine throwing = SessionEngine.builder(BatonConfig.builder().store("memory:").build()).store(store)
                .clock(clock).listener(new SessionEventListener() {
                    @Override
                    public void attributeAdded(BatonSession session, String name, Object value) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build();
        SessionRequest request = throwing.newRequest(null);

        request.getSession(true).setAttribute("a", "1");
        request.save();

        assertThat(throwing.newRequest(request.idToSend().orElseThrow()).getSession(false).getAttribute("a"))
                .isEqualTo("1");
    }

    @Test
    void builderWhenNoStoreGivenThenOpensConfiguredOneAndClosesIt() {
        SessionEngine own = SessionEngine.builder(BatonConfig.builder().store("memory:").build()).build();
        SessionRequest request = own.newRequest(null);
        request.getSession(true).setAttribute("a", "1");
        request.save();

        assertThat(own.store()).isInstanceOf(InMemorySessionStore.class);
        own.close();
        own.close();
    }
}
