/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReusableValuesTest {

    private static final byte[] BYTES = new byte[1000];
    /** About 12 sessions' values. */
    private static final long BUDGET = 12 * (4 * BYTES.length + 400);

    @Test
    void sessionsWhenUsedInTurnAndMoreThanTheBudgetHoldsThenAPartOfThemIsStillReused() {
        // 48 sessions used one after the other, as a balancer's round robin would.
        Cache<String, NearCacheEntry> cache = NearCacheEntry.cache(BUDGET);
        ReusableValues values = new ReusableValues(cache.asMap(), BUDGET);
        int reused = 0;
        for (int round = 0; round < 20; round++) {
            for (int session = 0; session < 48; session++) {
                String id = "session-" + session;
                ReusableValues.Kept kept = values.take(id).value("cart", BYTES);
                reused += round > 0 && kept != null ? 1 : 0;
                values.keep(id, Map.of("cart", new ReusableValues.Kept(BYTES, "cart of " + id, null)));
            }
        }

        // Least recently used first out would evict every session before its turn came again: none reused.
        assertThat(reused).isGreaterThan(19 * 48 / 10);
        cache.cleanUp();
        assertThat(cache.policy().eviction().orElseThrow().weightedSize().orElseThrow()).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void sessionsWhenTheirCopiesAndValuesFitTheCacheTogetherThenEveryValueIsReused() {
        // 8 sessions: their values take about two thirds of the budget (a quarter would hold 3), their copies a fifth.
        Cache<String, NearCacheEntry> cache = NearCacheEntry.cache(BUDGET);
        ReusableValues values = new ReusableValues(cache.asMap(), BUDGET);
        int reused = 0;
        for (int round = 0; round < 5; round++) {
            for (int session = 0; session < 8; session++) {
                String id = "session-" + session;
                StoredSession copy = copy(id);
                cache.asMap().compute(id, (key, entry) -> entry == null ? NearCacheEntry.ofCopy(copy)
                        : entry.withCopy(copy));
                reused += values.take(id).value("cart", BYTES) != null ? 1 : 0;
                values.keep(id, Map.of("cart", new ReusableValues.Kept(BYTES, "cart of " + id, null)));
            }
        }

        assertThat(reused).as("all but the first round").isEqualTo(4 * 8);
        assertThat(cache.estimatedSize()).isEqualTo(8);
    }

    @Test
    void takeWhenTakenOnceThenTheNextTakeFindsNothing() {
        ReusableValues values = new ReusableValues(NearCacheEntry.cache(1 << 20).asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));

        assertThat(values.take("a").value("cart", BYTES)).isNotNull();
        assertThat(values.take("a").value("cart", BYTES)).isNull();
    }

    @Test
    void takeWhenTheCopyWasReplacedSinceTheValuesWereSeenThenTheyAreStillHandedOutOnce() {
        Cache<String, NearCacheEntry> cache = NearCacheEntry.cache(1 << 20);
        ReusableValues values = new ReusableValues(cache.asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));
        NearCacheEntry seen = cache.getIfPresent("a");

        cache.asMap().compute("a", (key, entry) -> entry.withCopy(copy("a")));

        assertThat(seen.claimKept()).as("claimed through the entry a request saw").isNotNull();
        assertThat(values.take("a").value("cart", BYTES)).as("through the entry that replaced it").isNull();
        assertThat(cache.getIfPresent("a").copy()).isNotNull();
    }

    @Test
    void valueWhenTheStoredBytesDifferThenNone() {
        ReusableValues values = new ReusableValues(NearCacheEntry.cache(1 << 20).asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));

        ReusableValues.Taken taken = values.take("a");

        assertThat(taken.value("cart", new byte[999])).isNull();
        assertThat(taken.any("cart")).as("handed back as it was at the end of the request").isNotNull();
    }

    @Test
    void putBackWhenTheValuesComeBackAsTakenThenTheSameEntryServesThemAgainWithoutACacheWrite() {
        Cache<String, NearCacheEntry> cache = NearCacheEntry.cache(1 << 20);
        ReusableValues values = new ReusableValues(cache.asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));
        NearCacheEntry entry = cache.getIfPresent("a");

        ReusableValues.Taken taken = values.take("a");
        assertThat(values.putBack("a", taken)).isTrue();

        assertThat(cache.getIfPresent("a")).as("no new entry").isSameAs(entry);
        ReusableValues.Taken again = values.take("a");
        assertThat(again.value("cart", BYTES)).isSameAs(taken.value("cart", BYTES));
        assertThat(values.take("a").value("cart", BYTES)).as("still handed out once").isNull();
    }

    @Test
    void putBackWhenTheCopyWasReplacedMeanwhileThenTheNewEntryServesThem() {
        Cache<String, NearCacheEntry> cache = NearCacheEntry.cache(1 << 20);
        ReusableValues values = new ReusableValues(cache.asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));
        ReusableValues.Taken taken = values.take("a");

        cache.asMap().compute("a", (key, entry) -> entry.withCopy(copy("a")));

        assertThat(values.putBack("a", taken)).isTrue();
        assertThat(values.take("a").value("cart", BYTES).value()).isEqualTo("cart");
    }

    @Test
    void putBackWhenOtherValuesWereKeptOrTheEntryIsGoneThenNothingIsPutBack() {
        Cache<String, NearCacheEntry> cache = NearCacheEntry.cache(1 << 20);
        ReusableValues values = new ReusableValues(cache.asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "old", null)));
        ReusableValues.Taken taken = values.take("a");
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "new", null)));

        assertThat(values.putBack("a", taken)).isFalse();
        assertThat(values.take("a").value("cart", BYTES).value()).isEqualTo("new");

        values.keep("b", Map.of("cart", new ReusableValues.Kept(BYTES, "b", null)));
        ReusableValues.Taken fromB = values.take("b");
        cache.invalidate("b");
        assertThat(values.putBack("b", fromB)).isFalse();
        assertThat(values.putBack("c", ReusableValues.Taken.NONE)).isFalse();
    }

    @Test
    void sameAsWhenEveryTakenValueIsUnreadOrReadUnchangedAndNoOtherIsKeptThenTrue() {
        Object cart = new Object();
        ReusableValues values = new ReusableValues(NearCacheEntry.cache(1 << 20).asMap(), 1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, cart, null),
                "user", new ReusableValues.Kept(BYTES, "user", null)));
        ReusableValues.Taken taken = values.take("a");

        assertThat(taken.sameAs(Map.of("cart", read(cart, BYTES), "user", unread()))).isTrue();
        assertThat(taken.sameAs(Map.of("cart", read(cart, BYTES.clone()), "user", read("user", BYTES))))
                .as("equal bytes in another array, the other one read unchanged").isTrue();
        assertThat(taken.sameAs(Map.of("cart", read(new Object(), BYTES), "user", unread()))).as("another object")
                .isFalse();
        assertThat(taken.sameAs(Map.of("cart", read(cart, new byte[999]), "user", unread()))).as("other bytes")
                .isFalse();
        assertThat(taken.sameAs(Map.of("cart", read(cart, BYTES)))).as("one taken is gone").isFalse();
        assertThat(taken.sameAs(Map.of("cart", read(cart, BYTES), "user", unread(), "more", read("x", BYTES))))
                .as("one more to keep").isFalse();
        AttributeSlot changed = read(cart, BYTES);
        changed.checked = new byte[999];
        assertThat(taken.sameAs(Map.of("cart", changed, "user", unread()))).as("changed in place").isFalse();
    }

    /** A slot as a request leaves it when it read {@code value} from {@code bytes} and found it unchanged at the save. */
    private static AttributeSlot read(Object value, byte[] bytes) {
        AttributeSlot slot = new AttributeSlot();
        slot.stored = bytes;
        slot.unsealed = bytes;
        slot.checked = bytes;
        slot.value = value;
        slot.state = AttributeSlot.State.DECODED;
        return slot;
    }

    private static AttributeSlot unread() {
        AttributeSlot slot = new AttributeSlot();
        slot.stored = BYTES;
        return slot;
    }

    private static StoredSession copy(String id) {
        return new StoredSession(id, Instant.EPOCH, Instant.EPOCH, Duration.ofMinutes(30),
                Instant.EPOCH.plusSeconds(1800), 1, null, Map.of("cart", BYTES));
    }
}
