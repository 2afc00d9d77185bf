/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.InvalidationFeed;
import dev.baton.core.LockedLoad;
import dev.baton.core.SaveOutcome;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionChange.Kind;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.SessionTotals;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link SessionStore} contract, stated as tests, the session lock ({@code lockMode}) included. Every store
 * extends this class with a few lines: the URI of a real server, and any store keys it needs. Each test gets a fresh store with its own {@code keyPrefix} and
 * {@code tableName}, and a {@link MutableClock} that the test moves to make sessions expire.
 */
public abstract class SessionStoreContract {

    /** The idle timeout the kit's sessions get. */
    protected static final Duration TIMEOUT = Duration.ofMinutes(30);

    private static final SessionIds IDS = SessionIds.create();

    /** The clock every store call of the test is judged by. */
    protected MutableClock clock;
    private BatonConfig config;
    private SessionStore store;
    private final List<SessionStore> extraStores = new ArrayList<>();

    /** The URI of the real server this store runs against. */
    protected abstract String storeUri();

    /**
     * Adds store keys to the test's configuration; the kit has already set {@code store}, a unique {@code keyPrefix}
     * and {@code tableName}, and {@code createSchema=true}.
     *
     * @param builder the configuration so far
     * @return the builder
     */
    protected BatonConfig.Builder configure(BatonConfig.Builder builder) {
        return builder;
    }

    /**
     * Opens a store; by default through {@link SessionStores}, which finds the provider by the URI's scheme.
     *
     * @param context the configuration and clock
     * @return the open store
     */
    protected SessionStore openStore(StoreContext context) {
        return SessionStores.open(context, getClass().getClassLoader());
    }

    /** The store under test. */
    protected final SessionStore store() {
        return store;
    }

    /** The test's configuration. */
    protected final BatonConfig config() {
        return config;
    }

    /** Another store instance on the same data, as another node would have; closed after the test. */
    protected final SessionStore anotherNode() {
        SessionStore other = openStore(new StoreContext(config, clock));
        extraStores.add(other);
        return other;
    }

    @BeforeEach
    final void openStoreUnderTest() {
        clock = new MutableClock(Instant.ofEpochMilli(System.currentTimeMillis()));
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        config = configure(BatonConfig.builder()
                .store(storeUri())
                .set("keyPrefix", "baton-test-" + unique + ":")
                .set("tableName", "baton_t_" + unique)
                .set("createSchema", "true")).build();
        store = openStore(new StoreContext(config, clock));
    }

    @AfterEach
    final void closeStores() {
        extraStores.forEach(SessionStore::close);
        if (store != null) {
            store.close();
        }
    }

    // ---- helpers

    /** A new well-formed session ID. */
    protected static String newId() {
        return IDS.next();
    }

    /** UTF-8 bytes of a string, as a stand-in for an encoded value. */
    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A creation at the clock's time with the given attributes and the kit's timeout. */
    protected SessionChange create(String id, Map<String, byte[]> attributes) {
        Instant now = clock.instant();
        return new SessionChange(Kind.CREATE, id, now, now, now, TIMEOUT, now.plus(TIMEOUT), null, attributes,
                Set.of());
    }

    /** An update at the clock's time that touches the session and applies the delta. */
    protected SessionChange update(String id, Instant created, Map<String, byte[]> set, Set<String> removed) {
        Instant now = clock.instant();
        return new SessionChange(Kind.UPDATE, id, now, created, now, TIMEOUT, now.plus(TIMEOUT), null, set, removed);
    }

    private static Map<String, String> text(StoredSession session) {
        Map<String, String> out = new LinkedHashMap<>();
        session.attributes().forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private StoredSession loaded(String id) {
        return store.load(id).orElseThrow(() -> new AssertionError("session not found"));
    }

    // ---- create and load

    @Test
    void loadWhenSessionWasCreatedThenReturnsMetadataAndAttributes() {
        String id = newId();
        Instant now = clock.instant();
        SessionChange change = new SessionChange(Kind.CREATE, id, now, now.minusSeconds(5), now,
                Duration.ofMinutes(7), now.plus(Duration.ofMinutes(7)), "alice",
                Map.of("user", bytes("alice"), "cart", bytes("[1,2,3]")), Set.of());

        assertThat(store.save(change)).isEqualTo(SaveResult.SAVED);

        StoredSession session = loaded(id);
        assertThat(session.id()).isEqualTo(id);
        assertThat(session.created()).isEqualTo(now.minusSeconds(5));
        assertThat(session.lastAccessed()).isEqualTo(now);
        assertThat(session.maxInactive()).isEqualTo(Duration.ofMinutes(7));
        assertThat(session.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(7)));
        assertThat(session.principal()).isEqualTo("alice");
        assertThat(session.version()).isPositive();
        assertThat(text(session)).containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "cart", "[1,2,3]"));
    }

    @Test
    void loadWhenSessionWasSavedByAnotherNodeThenFindsIt() {
        String id = newId();
        anotherNode().save(create(id, Map.of("k", bytes("v"))));

        assertThat(text(loaded(id))).containsEntry("k", "v");
    }

    @Test
    void loadWhenIdUnknownThenEmpty() {
        assertThat(store.load(newId())).isEmpty();
    }

    @Test
    void countSessionsWhenSessionsAreCreatedAndDeletedThenCountsThoseLeftOnEveryNode() {
        // Issue 21: the Tomcat manager's activeSessions is this count, cluster-wide.
        assertThat(store.countSessions(clock.instant())).hasValue(0);
        String first = newId();
        String second = newId();
        store.save(create(first, Map.of("k", bytes("v"))));
        anotherNode().save(create(second, Map.of()));

        assertThat(store.countSessions(clock.instant())).hasValue(2);
        store.delete(second);
        assertThat(anotherNode().countSessions(clock.instant())).hasValue(1);
    }

    @Test
    void totalsWhenSessionsAreCreatedAndExpireThenEachIsCountedOnceOnEveryNode() {
        // Issue 21: the Tomcat manager's sessionCounter and expiredSessions are these totals, cluster-wide.
        assertThat(store.totals()).hasValue(new SessionTotals(0, 0));
        String reaped = newId();
        String claimed = newId();
        String deleted = newId();
        String live = newId();
        store.save(create(reaped, Map.of()));
        anotherNode().save(create(claimed, Map.of("k", bytes("v"))));
        store.save(create(deleted, Map.of()));
        clock.advance(Duration.ofMinutes(10));
        store.save(create(live, Map.of()));
        store.save(update(live, clock.instant(), Map.of("k", bytes("v")), Set.of()));
        store.delete(deleted);
        clock.advance(TIMEOUT.minus(Duration.ofMinutes(5)));

        assertThat(anotherNode().claimExpired(claimed, clock.instant())).isPresent();
        assertThat(store.claimExpired(claimed, clock.instant())).isEmpty();
        assertThat(store.reapExpired(clock.instant(), 100)).extracting(StoredSession::id).containsExactly(reaped);
        assertThat(anotherNode().reapExpired(clock.instant(), 100)).isEmpty();

        assertThat(store.totals()).as("created: 4 (an update is no creation); expired: the two claimed, once each")
                .hasValue(new SessionTotals(4, 2));
        assertThat(anotherNode().totals()).hasValue(new SessionTotals(4, 2));
    }

    /** A session of {@code principal}, saved and indexed as the request logic does on a login. */
    private String loggedIn(SessionStore node, String principal, Duration timeout) {
        String id = newId();
        Instant now = clock.instant();
        node.save(new SessionChange(Kind.CREATE, id, now, now, now, timeout, now.plus(timeout), principal, Map.of(),
                Set.of()));
        node.indexPrincipal(id, principal, now.plus(timeout));
        return id;
    }

    @Test
    void findByPrincipalWhenUserHasSessionsThenListsThemOnEveryNode() {
        // Issue 21: "log out everywhere" finds a user's sessions from any node.
        String first = loggedIn(store, "alice", TIMEOUT);
        String second = loggedIn(anotherNode(), "alice", TIMEOUT);
        String bobs = loggedIn(store, "bob", TIMEOUT);
        store.save(create(newId(), Map.of()));

        assertThat(store.findByPrincipal("alice", clock.instant())).containsExactlyInAnyOrder(first, second);
        assertThat(anotherNode().findByPrincipal("bob", clock.instant())).containsExactly(bobs);
        assertThat(store.findByPrincipal("carol", clock.instant())).isEmpty();
    }

    @Test
    void findByPrincipalWhenSessionIsDeletedOrExpiredThenItIsLeftOut() {
        String deleted = loggedIn(store, "alice", TIMEOUT);
        String expiring = loggedIn(store, "alice", Duration.ofMinutes(5));
        String live = loggedIn(store, "alice", TIMEOUT);

        store.delete(deleted);
        clock.advance(Duration.ofMinutes(6));

        assertThat(anotherNode().findByPrincipal("alice", clock.instant())).containsExactly(live);
        assertThat(store.findByPrincipal("alice", clock.instant())).containsExactly(live);
        assertThat(expiring).isNotEqualTo(live);
    }

    @Test
    void findByPrincipalWhenIdChangesThenListsTheNewIdOnly() {
        String before = loggedIn(store, "alice", TIMEOUT);
        String after = newId();

        assertThat(store.changeId(before, after)).isTrue();
        store.indexPrincipal(after, "alice", clock.instant().plus(TIMEOUT));

        assertThat(anotherNode().findByPrincipal("alice", clock.instant())).containsExactly(after);
    }

    @Test
    void findByPrincipalWhenNameIsLongOrUnusualThenFindsExactlyThatUser() {
        String longName = "u".repeat(300) + "@example.com";
        String unusual = "Zoë {slot} \u00e9 ' \" %";
        String longs = loggedIn(store, longName, TIMEOUT);
        String unusuals = loggedIn(store, unusual, TIMEOUT);
        loggedIn(store, "u".repeat(300), TIMEOUT);

        assertThat(store.findByPrincipal(longName, clock.instant())).containsExactly(longs);
        assertThat(anotherNode().findByPrincipal(unusual, clock.instant())).containsExactly(unusuals);
        assertThat(loaded(longs).principal()).isEqualTo(longName);
    }

    @Test
    void saveWhenCreateHasNoAttributesThenEmptySessionIsStored() {
        String id = newId();
        store.save(create(id, Map.of()));

        StoredSession session = loaded(id);
        assertThat(session.attributes()).isEmpty();
        assertThat(session.principal()).isNull();
    }

    @Test
    void saveWhenCreateIsReplayedThenStateIsTheSame() {
        String id = newId();
        SessionChange change = create(id, Map.of("a", bytes("1")));

        assertThat(store.save(change)).isEqualTo(SaveResult.SAVED);
        assertThat(store.save(change)).isEqualTo(SaveResult.SAVED);

        assertThat(text(loaded(id))).containsExactlyEntriesOf(Map.of("a", "1"));
    }

    @Test
    void saveWhenSessionNeverExpiresThenItOutlivesAnyClock() {
        String id = newId();
        Instant now = clock.instant();
        store.save(new SessionChange(Kind.CREATE, id, now, now, now, Duration.ZERO, null, null,
                Map.of("a", bytes("1")), Set.of()));

        clock.advance(Duration.ofDays(400));

        assertThat(loaded(id).expiresAt()).isNull();
        assertThat(store.reapExpired(clock.instant(), 100)).extracting(StoredSession::id).doesNotContain(id);
        assertThat(store.load(id)).isPresent();
    }

    // ---- deltas

    @Test
    void saveWhenDeltaThenSetAndRemovedAttributesAreAppliedAndOthersKept() {
        String id = newId();
        store.save(create(id, Map.of("keep", bytes("k"), "replace", bytes("old"), "drop", bytes("d"))));
        Instant created = clock.instant();
        clock.advance(Duration.ofSeconds(10));

        SaveResult result = store.save(update(id, created, Map.of("replace", bytes("new"), "add", bytes("a")),
                Set.of("drop", "neverThere")));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        StoredSession session = loaded(id);
        assertThat(text(session)).containsExactlyInAnyOrderEntriesOf(
                Map.of("keep", "k", "replace", "new", "add", "a"));
        assertThat(session.lastAccessed()).isEqualTo(clock.instant());
        assertThat(session.created()).isEqualTo(created);
    }

    @Test
    void saveWhenThousandsOfAttributesAreSetAndRemovedThenAllAreApplied() {
        String id = newId();
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 2_500; i++) {
            many.put("a" + i, bytes("v" + i));
        }
        store.save(create(id, many));
        Instant created = clock.instant();
        Map<String, byte[]> changed = new LinkedHashMap<>();
        Set<String> removed = new java.util.LinkedHashSet<>();
        for (int i = 0; i < 2_500; i++) {
            if (i % 2 == 0) {
                changed.put("a" + i, bytes("w" + i));
            } else {
                removed.add("a" + i);
            }
        }

        assertThat(store.save(update(id, created, changed, removed))).isEqualTo(SaveResult.SAVED);

        Map<String, String> expected = new LinkedHashMap<>();
        changed.forEach((name, value) -> expected.put(name, new String(value, StandardCharsets.UTF_8)));
        assertThat(text(loaded(id))).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void saveWhenMetadataOnlyThenAttributesUntouchedAndExpiryMoves() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        Instant created = clock.instant();
        clock.advance(Duration.ofMinutes(20));

        store.save(update(id, created, Map.of(), Set.of()));
        clock.advance(Duration.ofMinutes(20));

        StoredSession session = loaded(id);
        assertThat(text(session)).containsExactlyEntriesOf(Map.of("a", "1"));
        assertThat(session.expiresAt()).isEqualTo(created.plus(Duration.ofMinutes(20)).plus(TIMEOUT));
    }

    @Test
    void applyWhenWrittenThenItReportsTheVersionALoadReturns() {
        String id = newId();
        assertThat(store.apply(create(id, Map.of("a", bytes("1"))))).isEqualTo(SaveOutcome.saved(1));
        assertThat(loaded(id).version()).isEqualTo(1);

        SaveOutcome updated = store.apply(update(id, clock.instant(), Map.of("a", bytes("2")), Set.of()));
        long stored = loaded(id).version();

        assertThat(updated.result()).isEqualTo(SaveResult.SAVED);
        Optional<InvalidationFeed> feed = store.openInvalidationFeed();
        feed.ifPresent(InvalidationFeed::close);
        if (feed.isPresent()) {
            assertThat(updated.version()).as("a store with a feed reports it").isEqualTo(stored).isEqualTo(2);
        } else {
            assertThat(updated.version()).isIn(0L, stored);
        }
        assertThat(store.apply(update(newId(), clock.instant(), Map.of(), Set.of())))
                .isEqualTo(SaveOutcome.refused(SaveResult.GONE));
    }

    @Test
    void saveWhenUpdatedThenVersionGrows() {
        String id = newId();
        store.save(create(id, Map.of()));
        long first = loaded(id).version();

        store.save(update(id, clock.instant(), Map.of("a", bytes("1")), Set.of()));

        assertThat(loaded(id).version()).isGreaterThan(first);
    }

    @Test
    void saveWhenPrincipalAndTimeoutChangeThenTheyAreStored() {
        String id = newId();
        store.save(create(id, Map.of()));
        Instant now = clock.instant();

        store.save(new SessionChange(Kind.UPDATE, id, now, now, now, Duration.ofMinutes(5),
                now.plus(Duration.ofMinutes(5)), "bob", Map.of(), Set.of()));

        StoredSession session = loaded(id);
        assertThat(session.principal()).isEqualTo("bob");
        assertThat(session.maxInactive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(session.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void saveWhenValueIsOneMebibyteThenItRoundTrips() {
        String id = newId();
        byte[] large = new byte[1024 * 1024];
        ThreadLocalRandom.current().nextBytes(large);

        store.save(create(id, Map.of("large", large, "small", bytes("s"))));

        StoredSession session = loaded(id);
        assertThat(session.attributes().get("large")).isEqualTo(large);
        assertThat(session.attributes().get("small")).isEqualTo(bytes("s"));
    }

    @Test
    void saveWhenAttributeNamesAreUnusualThenTheyRoundTrip() {
        String id = newId();
        Map<String, byte[]> attributes = new HashMap<>();
        List<String> names = List.of("", " ", "with space", "ünïcødé 名前", "colon:and{braces}", "m:created",
                "a:x", "%_*?[]", "tab\tand\nnewline", "'quote\"s;--", "very.long." + "x".repeat(200));
        for (String name : names) {
            attributes.put(name, bytes("value of " + name));
        }
        store.save(create(id, attributes));

        Map<String, String> loaded = text(loaded(id));
        assertThat(loaded).hasSize(names.size());
        for (String name : names) {
            assertThat(loaded).containsEntry(name, "value of " + name);
        }
        store.save(update(id, clock.instant(), Map.of(), Set.of("m:created", "colon:and{braces}")));
        assertThat(text(loaded(id))).hasSize(names.size() - 2).doesNotContainKeys("m:created", "colon:and{braces}");
    }

    /** Issue 18, item 16: Tomcat's FORM login notes are attributes whose names begin with a NUL character. */
    @Test
    void saveWhenAttributeNamesHoldNulCharactersThenTheyRoundTripAndCanBeRemoved() {
        String id = newId();
        List<String> names = List.of("\u0000org.apache.catalina.authenticator.REQUEST", "mid\u0000dle", "\u0000",
                "\u0001escape", "\\0backslash", "plain");
        Map<String, byte[]> attributes = new HashMap<>();
        names.forEach(name -> attributes.put(name, bytes("value of " + name)));

        store.save(create(id, attributes));
        store.save(update(id, clock.instant(), Map.of("\u0000", bytes("changed")), Set.of("mid\u0000dle")));

        Map<String, String> loaded = text(loaded(id));
        assertThat(loaded).containsOnlyKeys("\u0000org.apache.catalina.authenticator.REQUEST", "\u0000",
                "\u0001escape", "\\0backslash", "plain");
        assertThat(loaded).containsEntry("\u0000", "changed")
                .containsEntry("\u0000org.apache.catalina.authenticator.REQUEST",
                        "value of \u0000org.apache.catalina.authenticator.REQUEST")
                .containsEntry("\u0001escape", "value of \u0001escape");
    }

    /** Issue 18, item 10: a name longer than any SQL column's width is stored, replaced and removed like any other. */
    @Test
    void saveWhenAttributeNamesAreTenThousandCharactersLongThenTheyRoundTripAndCanBeRemoved() {
        String id = newId();
        String longName = "long." + "n".repeat(10_000);
        String otherLongName = "long." + "é名".repeat(5_000);
        String nearlyTheSame = longName.substring(0, longName.length() - 1) + "m";

        store.save(create(id, Map.of(longName, bytes("1"), otherLongName, bytes("2"), nearlyTheSame, bytes("3"))));
        store.save(update(id, clock.instant(), Map.of(longName, bytes("changed")), Set.of(otherLongName)));

        Map<String, String> loaded = text(loaded(id));
        assertThat(loaded).containsOnlyKeys(longName, nearlyTheSame);
        assertThat(loaded.get(longName)).isEqualTo("changed");
        assertThat(loaded.get(nearlyTheSame)).isEqualTo("3");
    }

    /** Issue 18, item 10: a client certificate's distinguished name can be longer than a SQL column's 255. */
    @Test
    void saveWhenPrincipalIsAThousandCharactersLongThenItRoundTripsAndCanChange() {
        String id = newId();
        String distinguishedName = "CN=" + "x".repeat(990) + ",O=Ünïcode";
        Instant now = clock.instant();
        store.save(new SessionChange(Kind.CREATE, id, now, now, now, TIMEOUT, now.plus(TIMEOUT), distinguishedName,
                Map.of("a", bytes("1")), Set.of()));
        assertThat(loaded(id).principal()).isEqualTo(distinguishedName);
        assertThat(text(loaded(id))).containsOnlyKeys("a");

        store.save(new SessionChange(Kind.UPDATE, id, now, now, now, TIMEOUT, now.plus(TIMEOUT), "short",
                Map.of(), Set.of()));
        assertThat(loaded(id).principal()).isEqualTo("short");
        store.save(new SessionChange(Kind.UPDATE, id, now, now, now, TIMEOUT, now.plus(TIMEOUT),
                distinguishedName + "2", Map.of(), Set.of()));

        StoredSession session = loaded(id);
        assertThat(session.principal()).isEqualTo(distinguishedName + "2");
        assertThat(text(session)).containsOnlyKeys("a");
    }

    @Test
    void saveWhenSixteenThreadsEachWriteTheirOwnAttributeThenNothingIsLost() throws Exception {
        String id = newId();
        store.save(create(id, Map.of()));
        Instant created = clock.instant();
        int threads = 16;
        int rounds = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "attr-" + t;
                SessionStore node = t % 2 == 0 ? store : anotherNode();
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        assertThat(node.save(update(id, created, Map.of(name, bytes(name + "=" + r)), Set.of())))
                                .isEqualTo(SaveResult.SAVED);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, String> loaded = text(loaded(id));
        assertThat(loaded).hasSize(threads);
        for (int t = 0; t < threads; t++) {
            assertThat(loaded).containsEntry("attr-" + t, "attr-" + t + "=" + (rounds - 1));
        }
    }

    // ---- no resurrection

    @Test
    void saveWhenUpdatingUnknownSessionThenGoneAndNothingWritten() {
        String id = newId();

        assertThat(store.save(update(id, clock.instant(), Map.of("a", bytes("1")), Set.of())))
                .isEqualTo(SaveResult.GONE);

        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void saveWhenSessionWasDeletedMeanwhileThenGoneAndNotResurrected() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        Instant created = clock.instant();

        assertThat(anotherNode().delete(id)).isTrue();
        SaveResult late = store.save(update(id, created, Map.of("b", bytes("2")), Set.of("a")));

        assertThat(late).isEqualTo(SaveResult.GONE);
        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void saveWhenSessionExpiredMeanwhileThenGoneAndNotResurrected() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        Instant created = clock.instant();
        clock.advance(TIMEOUT.plusSeconds(1));

        SaveResult late = store.save(update(id, created, Map.of("b", bytes("2")), Set.of()));

        assertThat(late).isEqualTo(SaveResult.GONE);
        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void loadWhenSessionExpiredThenEmpty() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));

        clock.advance(TIMEOUT.minusMillis(1));
        assertThat(store.load(id)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.load(id)).isEmpty();
    }

    // ---- delete

    @Test
    void deleteWhenSessionExistsThenTrueAndItIsGoneEverywhere() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        SessionStore other = anotherNode();

        assertThat(store.delete(id)).isTrue();

        assertThat(store.load(id)).isEmpty();
        assertThat(other.load(id)).isEmpty();
        assertThat(store.delete(id)).isFalse();
    }

    @Test
    void deleteWhenIdUnknownThenFalse() {
        assertThat(store.delete(newId())).isFalse();
    }

    // ---- change of ID

    @Test
    void changeIdWhenSessionExistsThenNewIdHasEverythingAndOldIdIsDead() {
        String oldId = newId();
        String newId = newId();
        store.save(create(oldId, Map.of("user", bytes("alice"), "cart", bytes("c"))));
        Instant created = clock.instant();
        SessionStore other = anotherNode();

        assertThat(store.changeId(oldId, newId)).isTrue();

        assertThat(other.load(oldId)).isEmpty();
        assertThat(store.load(oldId)).isEmpty();
        StoredSession moved = other.load(newId).orElseThrow();
        assertThat(text(moved)).containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "cart", "c"));
        assertThat(moved.created()).isEqualTo(created);
        assertThat(other.save(update(oldId, created, Map.of("x", bytes("1")), Set.of())))
                .isEqualTo(SaveResult.GONE);
        assertThat(store.load(oldId)).isEmpty();
        assertThat(store.save(update(newId, created, Map.of("x", bytes("1")), Set.of())))
                .isEqualTo(SaveResult.SAVED);
        assertThat(text(loaded(newId))).containsEntry("x", "1");
    }

    @Test
    void changeIdWhenSessionUnknownThenFalseAndNothingCreated() {
        String newId = newId();

        assertThat(store.changeId(newId(), newId)).isFalse();

        assertThat(store.load(newId)).isEmpty();
    }

    @Test
    void changeIdWhenSessionExpiredThenFalse() {
        String oldId = newId();
        String newId = newId();
        store.save(create(oldId, Map.of("a", bytes("1"))));
        clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(store.changeId(oldId, newId)).isFalse();

        assertThat(store.load(newId)).isEmpty();
    }

    // ---- expiry and reaping

    @Test
    void reapExpiredWhenSessionsExpiredThenReturnsThemWithAttributesAndRemovesThem() {
        String expired = newId();
        String live = newId();
        store.save(create(expired, Map.of("user", bytes("gone"))));
        clock.advance(Duration.ofMinutes(10));
        store.save(create(live, Map.of("user", bytes("here"))));
        clock.advance(TIMEOUT.minus(Duration.ofMinutes(5)));

        List<StoredSession> reaped = store.reapExpired(clock.instant(), 100);

        assertThat(reaped).extracting(StoredSession::id).containsExactly(expired);
        assertThat(text(reaped.get(0))).containsExactlyEntriesOf(Map.of("user", "gone"));
        assertThat(store.reapExpired(clock.instant(), 100)).isEmpty();
        assertThat(store.load(live)).isPresent();
        assertThat(store.save(update(expired, clock.instant(), Map.of(), Set.of()))).isEqualTo(SaveResult.GONE);
    }

    @Test
    void reapExpiredWhenSessionWasTouchedAfterIndexingThenItIsNotReaped() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        Instant created = clock.instant();
        clock.advance(TIMEOUT.minusMinutes(1));
        store.save(update(id, created, Map.of(), Set.of()));
        clock.advance(Duration.ofMinutes(2));

        assertThat(store.reapExpired(clock.instant(), 100)).isEmpty();
        assertThat(store.load(id)).isPresent();
    }

    @Test
    void reapExpiredWhenLimitIsSmallThenReturnsAtMostLimit() {
        for (int i = 0; i < 5; i++) {
            store.save(create(newId(), Map.of()));
        }
        clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(store.reapExpired(clock.instant(), 2)).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void reapExpiredWhenFourNodesReapConcurrentlyThenEachSessionGoesToExactlyOne() throws Exception {
        int expiredCount = 200;
        Set<String> expired = new HashSet<>();
        for (int i = 0; i < expiredCount; i++) {
            String id = newId();
            expired.add(id);
            store.save(create(id, Map.of("n", bytes(Integer.toString(i)))));
        }
        clock.advance(TIMEOUT.plusSeconds(1));
        String survivor = newId();
        store.save(create(survivor, Map.of()));
        List<SessionStore> nodes = List.of(store, anotherNode(), anotherNode(), anotherNode());
        Map<String, Integer> claims = new ConcurrentHashMap<>();
        List<String> missingAttributes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (SessionStore node : nodes) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<StoredSession> batch;
                    do {
                        batch = node.reapExpired(clock.instant(), 17);
                        for (StoredSession session : batch) {
                            claims.merge(session.id(), 1, Integer::sum);
                            if (!session.attributes().containsKey("n")) {
                                missingAttributes.add(session.id());
                            }
                        }
                    } while (!batch.isEmpty());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claims.keySet()).containsExactlyInAnyOrderElementsOf(expired);
        assertThat(claims.values()).allMatch(count -> count == 1);
        assertThat(missingAttributes).isEmpty();
        assertThat(store.load(survivor)).isPresent();
    }

    // ---- late changes: written only where the store still holds what the request last knew

    /** A delta at the clock's time that expects the store to hold {@code expected} (a late change). */
    private SessionChange late(String id, Instant created, Map<String, byte[]> set, Set<String> removed,
            Map<String, byte[]> expected) {
        return update(id, created, set, removed).expecting(expected);
    }

    @Test
    void saveWhenLateChangeExpectsWhatIsStoredThenWritten() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"), "b", bytes("1"))));
        Instant created = clock.instant();

        SaveResult result = store.save(late(id, created, Map.of("a", bytes("2")), Set.of("b"),
                Map.of("a", bytes("1"), "b", bytes("1"))));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(text(loaded(id))).containsExactlyEntriesOf(Map.of("a", "2"));
    }

    @Test
    void saveWhenLateChangeExpectsBytesANewerRequestReplacedThenStaleAndNothingWritten() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"), "b", bytes("1"))));
        Instant created = clock.instant();
        anotherNode().save(update(id, created, Map.of("a", bytes("newer")), Set.of()));
        long version = loaded(id).version();

        SaveResult result = store.save(late(id, created, Map.of("a", bytes("late"), "b", bytes("late")), Set.of(),
                Map.of("a", bytes("1"), "b", bytes("1"))));

        assertThat(result).isEqualTo(SaveResult.STALE);
        StoredSession session = loaded(id);
        assertThat(text(session)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "newer", "b", "1"));
        assertThat(session.version()).isEqualTo(version);
    }

    @Test
    void saveWhenLateRemovalExpectsBytesANewerRequestReplacedThenStaleAndAttributeKept() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        Instant created = clock.instant();
        anotherNode().save(update(id, created, Map.of("a", bytes("newer")), Set.of()));

        SaveResult result = store.save(late(id, created, Map.of(), Set.of("a"), Map.of("a", bytes("1"))));

        assertThat(result).isEqualTo(SaveResult.STALE);
        assertThat(text(loaded(id))).containsExactlyEntriesOf(Map.of("a", "newer"));
    }

    @Test
    void saveWhenLateChangeExpectsNoAttributeThenWrittenOnlyWhileThereIsNone() {
        String id = newId();
        store.save(create(id, Map.of()));
        Instant created = clock.instant();
        Map<String, byte[]> none = Map.of("a", new byte[0]);

        assertThat(store.save(late(id, created, Map.of("a", bytes("first")), Set.of(), none)))
                .isEqualTo(SaveResult.SAVED);
        assertThat(store.save(late(id, created, Map.of("a", bytes("second")), Set.of(), none)))
                .isEqualTo(SaveResult.STALE);

        assertThat(text(loaded(id))).containsExactlyEntriesOf(Map.of("a", "first"));
    }

    @Test
    void saveWhenLateChangeOfDeletedSessionThenGoneAndNotResurrected() {
        String id = newId();
        store.save(create(id, Map.of("a", bytes("1"))));
        Instant created = clock.instant();
        anotherNode().delete(id);

        SaveResult result = store.save(late(id, created, Map.of("a", bytes("2")), Set.of(), Map.of("a", bytes("1"))));

        assertThat(result).isEqualTo(SaveResult.GONE);
        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void saveWhenFourNodesIncrementOneAttributeByLateChangesThenNoIncrementIsLost() throws Exception {
        String id = newId();
        store.save(create(id, Map.of("n", bytes("0"))));
        Instant created = clock.instant();
        int perNode = 25;
        List<SessionStore> nodes = List.of(store, anotherNode(), anotherNode(), anotherNode());
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (SessionStore node : nodes) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int done = 0; done < perNode;) {
                        byte[] seen = node.load(id).orElseThrow().attributes().get("n");
                        byte[] next = bytes(Integer.toString(Integer.parseInt(new String(seen,
                                StandardCharsets.UTF_8)) + 1));
                        if (node.save(late(id, created, Map.of("n", next), Set.of(), Map.of("n", seen)))
                                == SaveResult.SAVED) {
                            done++;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(text(loaded(id))).containsEntry("n", Integer.toString(perNode * nodes.size()));
    }

    // ---- a request's claim of its expired session

    @Test
    void claimExpiredWhenSessionExpiredThenReturnsItWithAttributesOnceAndRemovesIt() {
        String id = newId();
        store.save(create(id, Map.of("user", bytes("gone"))));
        clock.advance(TIMEOUT.plusSeconds(1));

        StoredSession claimed = store.claimExpired(id, clock.instant()).orElseThrow();

        assertThat(claimed.id()).isEqualTo(id);
        assertThat(text(claimed)).containsExactlyEntriesOf(Map.of("user", "gone"));
        assertThat(anotherNode().claimExpired(id, clock.instant())).isEmpty();
        assertThat(store.reapExpired(clock.instant(), 100)).isEmpty();
        assertThat(store.save(update(id, clock.instant(), Map.of(), Set.of()))).isEqualTo(SaveResult.GONE);
    }

    @Test
    void claimExpiredWhenSessionLiveThenEmptyAndSessionKept() {
        String id = newId();
        store.save(create(id, Map.of("user", bytes("here"))));
        clock.advance(TIMEOUT.minusSeconds(1));

        assertThat(store.claimExpired(id, clock.instant())).isEmpty();

        assertThat(text(loaded(id))).containsEntry("user", "here");
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.reapExpired(clock.instant(), 100)).extracting(StoredSession::id).containsExactly(id);
    }

    @Test
    void claimExpiredWhenIdUnknownThenEmptyAndNothingCreated() {
        String id = newId();

        assertThat(store.claimExpired(id, clock.instant())).isEmpty();

        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void claimExpiredWhenRequestsAndReapersRaceThenEachSessionGoesToExactlyOne() throws Exception {
        int sessions = 20;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String id = newId();
            ids.add(id);
            store.save(create(id, Map.of("n", bytes(Integer.toString(i)))));
        }
        clock.advance(TIMEOUT.plusSeconds(1));
        List<SessionStore> nodes = List.of(store, anotherNode(), anotherNode(), anotherNode());
        Map<String, Integer> claims = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                SessionStore node = nodes.get(n);
                boolean reaper = n % 2 == 1;
                futures.add(pool.submit(() -> {
                    start.await();
                    if (reaper) {
                        node.reapExpired(clock.instant(), sessions)
                                .forEach(session -> claims.merge(session.id(), 1, Integer::sum));
                    }
                    for (String id : ids) {
                        node.claimExpired(id, clock.instant())
                                .ifPresent(session -> claims.merge(session.id(), 1, Integer::sum));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claims.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(claims.values()).allMatch(count -> count == 1);
    }

    // ---- health and lifecycle

    @Test
    void pingWhenStoreIsUpThenReturns() {
        store.ping();
    }

    @Test
    void closeWhenCalledTwiceThenSecondCallDoesNothing() {
        SessionStore other = openStore(new StoreContext(config, clock));
        other.close();
        other.close();
    }

    // ---- the session lock (lockMode): loadLocked, renewLock, unlock, fenced saves; leases judged by the clock


    private static final Duration LEASE = Duration.ofSeconds(30);

    private LockedLoad.Acquired acquire(SessionStore on, String id, String owner) {
        LockedLoad result = on.loadLocked(id, owner, clock.instant(), LEASE);
        assertThat(result).isInstanceOf(LockedLoad.Acquired.class);
        return (LockedLoad.Acquired) result;
    }

    private String attribute(String id, String name) {
        StoredSession session = store.load(id).orElseThrow(() -> new AssertionError("session not found"));
        byte[] value = session.attributes().get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Test
    void loadLockedWhenFreeThenReturnsSessionWithItsAttributes() {
        String id = newId();
        store.save(create(id, Map.of("cart", bytes("[1]"))));

        LockedLoad.Acquired lock = acquire(store, id, "owner-a");

        assertThat(lock.fence()).isPositive();
        assertThat(new String(lock.session().attributes().get("cart"), StandardCharsets.UTF_8)).isEqualTo("[1]");
    }

    @Test
    void loadLockedWhenAnotherRequestHoldsTheLockThenBusyUntilItsLeaseEnds() {
        String id = newId();
        store.save(create(id, Map.of()));
        Instant start = clock.instant();
        acquire(store, id, "owner-a");

        LockedLoad second = anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE);

        assertThat(second).isInstanceOf(LockedLoad.Busy.class);
        assertThat(((LockedLoad.Busy) second).heldUntil()).isEqualTo(start.plus(LEASE));
    }

    @Test
    void loadLockedWhenLeaseRanOutThenNextRequestGetsHigherFence() {
        String id = newId();
        store.save(create(id, Map.of()));
        long first = acquire(store, id, "owner-a").fence();

        clock.advance(LEASE);
        long second = acquire(anotherNode(), id, "owner-b").fence();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void loadLockedWhenReplayedBySameOwnerThenSameLease() {
        String id = newId();
        store.save(create(id, Map.of()));
        long first = acquire(store, id, "owner-a").fence();

        long replayed = acquire(store, id, "owner-a").fence();

        assertThat(replayed).isEqualTo(first);
    }

    @Test
    void loadLockedWhenNoSessionThenAbsentAndNothingCreated() {
        String id = newId();

        assertThat(store.loadLocked(id, "owner-a", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Absent.class);
        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void loadLockedWhenSessionExpiredThenAbsent() {
        String id = newId();
        store.save(create(id, Map.of()));
        clock.advance(TIMEOUT.plusSeconds(1));

        assertThat(store.loadLocked(id, "owner-a", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Absent.class);
    }

    @Test
    void saveWhenFenceIsCurrentThenWrittenAndLockReleased() {
        String id = newId();
        Instant created = clock.instant();
        store.save(create(id, Map.of("n", bytes("1"))));
        long fence = acquire(store, id, "owner-a").fence();

        SaveResult result = store.save(update(id, created, Map.of("n", bytes("2")), Set.of()).withFence(fence));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(attribute(id, "n")).isEqualTo("2");
        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Acquired.class);
    }

    @Test
    void saveWhenAnotherRequestTookTheLockSinceThenFencedAndNothingWritten() {
        String id = newId();
        Instant created = clock.instant();
        store.save(create(id, Map.of("n", bytes("1"))));
        long stale = acquire(store, id, "owner-a").fence();
        clock.advance(LEASE.plusSeconds(1));
        long current = acquire(anotherNode(), id, "owner-b").fence();
        anotherNode().save(update(id, created, Map.of("n", bytes("newer")), Set.of()).withFence(current));

        SaveResult late = store.save(update(id, created, Map.of("n", bytes("stale")), Set.of("gone"))
                .withFence(stale));

        assertThat(late).isEqualTo(SaveResult.FENCED);
        assertThat(attribute(id, "n")).isEqualTo("newer");
    }

    @Test
    void saveWhenLeaseRanOutButNobodyTookTheLockThenWritten() {
        String id = newId();
        Instant created = clock.instant();
        store.save(create(id, Map.of()));
        long fence = acquire(store, id, "owner-a").fence();
        clock.advance(LEASE.plusSeconds(1));

        SaveResult result = store.save(update(id, created, Map.of("n", bytes("late")), Set.of()).withFence(fence));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(attribute(id, "n")).isEqualTo("late");
    }

    @Test
    void saveWhenUnfencedThenIgnoresTheLock() {
        String id = newId();
        Instant created = clock.instant();
        store.save(create(id, Map.of()));
        acquire(store, id, "owner-a");

        SaveResult result = anotherNode().save(update(id, created, Map.of("n", bytes("x")), Set.of()));

        assertThat(result).isEqualTo(SaveResult.SAVED);
        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Busy.class);
    }

    @Test
    void unlockWhenFenceIsCurrentThenLockIsFree() {
        String id = newId();
        store.save(create(id, Map.of()));
        long fence = acquire(store, id, "owner-a").fence();

        store.unlock(id, fence);

        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Acquired.class);
    }

    @Test
    void unlockWhenAnotherRequestTookTheLockSinceThenItKeepsIt() {
        String id = newId();
        store.save(create(id, Map.of()));
        long stale = acquire(store, id, "owner-a").fence();
        clock.advance(LEASE.plusSeconds(1));
        acquire(anotherNode(), id, "owner-b");

        store.unlock(id, stale);

        assertThat(store.loadLocked(id, "owner-c", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Busy.class);
    }

    @Test
    void renewLockWhenHeldThenLeaseIsExtended() {
        String id = newId();
        store.save(create(id, Map.of()));
        long fence = acquire(store, id, "owner-a").fence();
        clock.advance(LEASE.minusSeconds(1));

        boolean renewed = store.renewLock(id, fence, clock.instant(), LEASE);
        clock.advance(Duration.ofSeconds(2));

        assertThat(renewed).isTrue();
        assertThat(anotherNode().loadLocked(id, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Busy.class);
    }

    @Test
    void renewLockWhenReleasedOrTakenThenFalse() {
        String id = newId();
        store.save(create(id, Map.of()));
        long fence = acquire(store, id, "owner-a").fence();
        store.unlock(id, fence);

        assertThat(store.renewLock(id, fence, clock.instant(), LEASE)).isFalse();
        assertThat(store.renewLock(newId(), 1, clock.instant(), LEASE)).isFalse();
    }

    @Test
    void deleteWhenLockedThenSessionAndLockAreGone() {
        String id = newId();
        store.save(create(id, Map.of()));
        acquire(store, id, "owner-a");

        assertThat(anotherNode().delete(id)).isTrue();

        assertThat(store.loadLocked(id, "owner-b", clock.instant(), LEASE)).isInstanceOf(LockedLoad.Absent.class);
    }

    @Test
    void changeIdWhenLockedThenLockMovesWithTheSession() {
        String oldId = newId();
        String newId = newId();
        Instant created = clock.instant();
        store.save(create(oldId, Map.of("n", bytes("1"))));
        long fence = acquire(store, oldId, "owner-a").fence();

        assertThat(store.changeId(oldId, newId)).isTrue();

        assertThat(anotherNode().loadLocked(newId, "owner-b", clock.instant(), LEASE))
                .isInstanceOf(LockedLoad.Busy.class);
        assertThat(store.save(update(newId, created, Map.of("n", bytes("2")), Set.of()).withFence(fence)))
                .isEqualTo(SaveResult.SAVED);
        assertThat(attribute(newId, "n")).isEqualTo("2");
    }

    @Test
    void loadLockedWhenEightRequestsRaceThenExactlyOneAcquires() throws Exception {
        String id = newId();
        store.save(create(id, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LockedLoad>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SessionStore node = i % 2 == 0 ? store : anotherNode();
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
