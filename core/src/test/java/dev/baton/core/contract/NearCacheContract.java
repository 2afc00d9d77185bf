/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.contract;

import static dev.baton.core.contract.NearCacheNodes.invalidate;
import static dev.baton.core.contract.NearCacheNodes.pollUntil;
import static dev.baton.core.contract.NearCacheNodes.read;
import static dev.baton.core.contract.NearCacheNodes.request;
import static dev.baton.core.contract.NearCacheNodes.warm;
import static dev.baton.core.contract.NearCacheNodes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.EngineCounters;
import dev.baton.core.SessionAdmin;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionTooLargeException;
import dev.baton.core.contract.NearCacheNodes.Client;
import dev.baton.core.contract.NearCacheNodes.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache ({@code nearCacheSize}) on a real store with an invalidation feed, with two engines as two nodes of one
 * web app and every request alternating between them: reads of an unchanged session cost no store call, and yet every
 * client reads its own writes, invalidations reach every node, idle sessions expire on time, memory stays bounded.
 * Each store with a feed runs it (Redis, PostgreSQL); see docs/near-cache.md.
 */
public abstract class NearCacheContract {

    /** The nodes of the test. */
    protected final NearCacheNodes nodes = new NearCacheNodes();

    /**
     * The store's settings, isolated from every other test (a key prefix or a table of its own): each call gives a
     * new store, and every node of one test is opened from one call.
     *
     * @return the settings, without {@code nearCacheSize}
     */
    protected abstract BatonConfig.Builder storeConfig();

    /** {@link #storeConfig()} with the near cache of {@code nearCacheSize}. */
    protected BatonConfig config(String nearCacheSize) {
        return NearCacheNodes.withCache(storeConfig(), nearCacheSize);
    }

    @AfterEach
    void closeNodes() throws Exception {
        nodes.close();
    }

    @Test
    void readsWhenSessionUnchangedThenNoStoreCallOnEitherNode() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = new Client();
        write(a, client, "color", "red");
        warm(a, b, client, "color");
        a.store().reset();
        b.store().reset();

        for (int i = 0; i < 100; i++) {
            assertThat(read(i % 2 == 0 ? a : b, client, "color")).isEqualTo("red");
        }

        assertThat(a.store().totalCalls() + b.store().totalCalls()).isZero();
    }

    @Test
    void writeOnOneNodeWhenReadOnTheOtherThenNewValueIsSeen() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = new Client();
        write(a, client, "n", 0);
        warm(a, b, client, "n");

        for (int i = 1; i <= 200; i++) {
            Node writer = i % 2 == 0 ? a : b;
            Node reader = i % 2 == 0 ? b : a;
            write(writer, client, "n", i);
            assertThat(read(reader, client, "n")).isEqualTo(i);
            assertThat(read(writer, client, "n")).isEqualTo(i);
            assertThat(read(reader, client, "n")).isEqualTo(i);
        }
    }

    @Test
    void writeWhenTheWritersNextRequestsStayOnItsNodeThenTheyLoadNothing() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = new Client();
        write(a, client, "n", 0);
        warm(a, b, client, "n");

        for (int i = 1; i <= 50; i++) {
            a.store().reset();
            write(a, client, "n", i);
            assertThat(a.store().calls("save")).isEqualTo(1);
            assertThat(a.store().totalCalls()).as("the write read the copy of the previous write").isEqualTo(1);
            assertThat(read(a, client, "n")).isEqualTo(i);
            assertThat(a.store().totalCalls()).as("the read after the write").isEqualTo(1);
            assertThat(read(b, client, "n")).isEqualTo(i);
        }
    }

    @Test
    void saveOvertakenByAnotherNodesSaveWhenClientsReadThenNoneSeesLessThanItWrote() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client first = new Client();
        write(a, first, "x", 0);
        warm(a, b, first, "x");

        for (int i = 1; i <= 20; i++) {
            Client second = first.copy();
            int value = i;
            // Between the first client's save on A and what A then does with it, the second writes on B.
            a.store().afterNextSave(() -> write(b, second, "y", value));
            write(a, first, "x", value);

            if (i % 2 == 0) {
                // Before B's message may have reached A: the second client's token is newer than A's copy.
                assertThat(read(a, second, "y")).isEqualTo(value);
                assertThat(read(a, second, "x")).isEqualTo(value);
            }
            // The first client may see A's copy of its own save until B's message arrives, which then drops it.
            pollUntil(() -> Integer.valueOf(value).equals(read(a, first.copy(), "y")));
            assertThat(read(a, first, "x")).isEqualTo(value);
            assertThat(read(b, first, "x")).isEqualTo(value);
            assertThat(read(a, second, "y")).isEqualTo(value);
            assertThat(read(b, second, "x")).isEqualTo(value);
        }
    }

    @Test
    void invalidateOnOneNodeWhenAnotherClientReadsOnTheOtherThenSessionIsGone() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client owner = new Client();
        write(a, owner, "user", "alice");
        Client other = owner.copy();
        warm(a, b, other, "user");

        invalidate(a, owner);
        long window = pollUntil(() -> read(b, other, "user") == null);

        assertThat(owner.id).isNull();
        for (int i = 0; i < 20; i++) {
            assertThat(read(i % 2 == 0 ? a : b, other, "user")).isNull();
        }
        System.out.printf("near cache (%s): invalidation on A stopped B serving after %.3f ms%n",
                getClass().getSimpleName(), window / 1e6);
    }

    @Test
    void writeByAnotherClientOnOneNodeWhenReadOnTheOtherThenSeenOnceTheFeedDelivers() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client owner = new Client();
        write(a, owner, "n", 0);
        Client other = owner.copy();
        warm(a, b, other, "n");

        write(a, owner, "n", 1);
        long window = pollUntil(() -> Integer.valueOf(1).equals(read(b, other.copy(), "n")));

        assertThat(read(b, other, "n")).isEqualTo(1);
        assertThat(read(a, other, "n")).isEqualTo(1);
        System.out.printf("near cache (%s): a write on A reached B's cache after %.3f ms%n",
                getClass().getSimpleName(), window / 1e6);
    }

    @Test
    void logoutEverywhereFromThirdNodeWhenClientReadsThenNoNodeServesTheSession() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Node admin = nodes.node(config);
        Client client = new Client();
        request(a, client, true, session -> {
            session.setAttribute("cart", "3 items");
            session.setPrincipalName("alice");
            return null;
        });
        warm(a, b, client, "cart");

        assertThat(SessionAdmin.of(admin.engine()).invalidateAll("alice")).isEqualTo(1);

        pollUntil(() -> read(a, client.copy(), "cart") == null && read(b, client.copy(), "cart") == null);
        assertThat(read(b, client, "cart")).isNull();
        assertThat(nodes.destroyed()).isEqualTo(1);
    }

    @Test
    void sessionReadOnlyFromCachesWhenActiveThenTouchesReachStoreOncePerIntervalAndWhenIdleThenExpiresOnTime() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = new Client();
        write(a, client, "color", "red");
        warm(a, b, client, "color");
        a.store().reset();
        b.store().reset();

        // 40 minutes of reads every 10 s: longer than the 30-minute timeout, so the touches must reach the store.
        for (int i = 0; i < 240; i++) {
            nodes.clock.advance(Duration.ofSeconds(10));
            assertThat(read(i % 2 == 0 ? a : b, client, "color")).isEqualTo("red");
        }

        int touches = a.store().calls("save") + b.store().calls("save");
        int calls = a.store().totalCalls() + b.store().totalCalls();
        // touchInterval is 30m / 30 = 1 minute: 40 touches in 40 minutes, each one load and one save where it is
        // made, then a load on each node (the token now names the version the touch made), and at most one more
        // on each when the touch's own message arrives after that load began (which then keeps its copy out).
        assertThat(touches).isBetween(39, 41);
        assertThat(calls).isLessThanOrEqualTo(6 * touches);
        System.out.printf("near cache (%s): 240 reads over 40 min: %d touches, %d store calls%n",
                getClass().getSimpleName(), touches, calls);

        nodes.clock.advance(Duration.ofMinutes(30));

        assertThat(read(b, client, "color")).isNull();
        assertThat(nodes.destroyed()).isEqualTo(1);
    }

    @Test
    void manySessionsWhenCachedThenHeapStaysWithinNearCacheSize() {
        BatonConfig config = config("64KiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client probe = new Client();
        write(a, probe, "v", "x");
        warm(a, b, probe, "v");
        byte[] kilobyte = new byte[1000];

        for (int i = 0; i < 300; i++) {
            Client client = new Client();
            write(a, client, "blob", kilobyte);
            read(b, client, "blob");
            assertThat(b.engine().nearCacheBytes()).isLessThanOrEqualTo(64 * 1024);
        }

        assertThat(b.engine().nearCacheBytes()).isGreaterThan(32 * 1024);
    }

    @Test
    void cacheWhenOffThenClientGetsNoToken() {
        Node a = nodes.node(config("0"));
        Client client = new Client();
        write(a, client, "color", "red");
        read(a, client, "color");

        assertThat(client.token).isNull();
        assertThat(Optional.ofNullable(client.id)).isPresent();
    }

    // ---- values kept for the next request on the node (ReusableValues)

    @Test
    void readWhenSameNodeAgainThenTheObjectTheLastRequestLeftIsTakenNotDecoded() {
        Node a = nodes.node(config("1MiB"));
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));

        Object first = read(a, client, "cart");
        Object second = read(a, client, "cart");

        assertThat(second).isSameAs(first).isEqualTo(List.of("apple"));
    }

    @Test
    void requestsWhenEachReadsOrWritesOneAttributeThenTheOtherKeptValuesStayForTheNext() {
        Node a = nodes.node(config("1MiB"));
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));
        write(a, client, "wishlist", new ArrayList<>(List.of("pear")));

        Object cart = read(a, client, "cart");
        Object wishlist = read(a, client, "wishlist");

        assertThat(read(a, client, "cart")).as("kept through a request that read only the wishlist").isSameAs(cart);
        assertThat(read(a, client, "wishlist")).isSameAs(wishlist).isEqualTo(List.of("pear"));
    }

    @Test
    void readWhenAnotherRequestStillHoldsTheValueThenEachHasItsOwn() {
        Node a = nodes.node(config("1MiB"));
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));
        read(a, client, "cart");
        SessionRequest open = a.engine().newRequest(client.id);
        open.presentVersion(client.token);
        Object held = open.getSession(false).getAttribute("cart");

        Object other = read(a, client.copy(), "cart");
        open.save();
        open.release();

        assertThat(other).isNotSameAs(held).isEqualTo(held);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readWhenAnotherNodeChangedTheValueThenDecodedAfresh() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));
        Object kept = read(a, client, "cart");

        request(b, client, false, session -> ((List<String>) session.getAttribute("cart")).add("pear"));
        Object after = read(a, client, "cart");

        assertThat(after).isNotSameAs(kept).isEqualTo(List.of("apple", "pear"));
        assertThat(kept).as("the object left on A is never changed by B's write").isEqualTo(List.of("apple"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mutationInPlaceWhenSavedThenTheSameObjectServesTheNextRequestAndOtherNodesReadTheChange() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));

        List<String> mutated = request(a, client, false, session -> {
            List<String> cart = (List<String>) session.getAttribute("cart");
            cart.add("pear");
            return cart;
        });

        assertThat(read(a, client, "cart")).isSameAs(mutated);
        assertThat(read(b, client, "cart")).isEqualTo(List.of("apple", "pear"));
    }

    @Test
    void readWhenTheKeptValueIsUnchangedThenTakenAndNeitherDecodedNorEncoded() {
        Node a = nodes.node(config("1MiB"));
        Client client = new Client();
        write(a, client, "cart", cart());
        Object first = read(a, client, "cart");
        long encodings = EngineCounters.encodings(a.engine());

        Object second = read(a, client, "cart");

        assertThat(second).isSameAs(first);
        assertThat(EngineCounters.encodings(a.engine())).as("the snapshot kept with the value decides").isEqualTo(encodings);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mutationInPlaceWhenNestedInAKeptValueThenSavedAndOtherNodesReadIt() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = cartKeptOn(a);

        request(a, client, false, session -> {
            List<Object> cart = (List<Object>) session.getAttribute("cart");
            ((Map<String, Object>) cart.get(1)).put("quantity", 5);
            ((int[]) ((Map<String, Object>) cart.get(0)).get("sizes"))[1] = 44;
            return null;
        });

        List<Object> onB = (List<Object>) read(b, client, "cart");
        assertThat(((Map<String, Object>) onB.get(1))).containsEntry("quantity", 5);
        assertThat((int[]) ((Map<String, Object>) onB.get(0)).get("sizes")).containsExactly(38, 44);
    }

    @Test
    @SuppressWarnings("unchecked")
    void changeWhenMadeAfterTheSaveThenTheNextRequestOnTheNodeTakesTheValueAndSavesIt() {
        BatonConfig config = config("1MiB");
        Node a = nodes.node(config);
        Node b = nodes.node(config);
        Client client = cartKeptOn(a);
        SessionRequest late = a.engine().newRequest(client.id);
        late.presentVersion(client.token);
        List<Object> held = (List<Object>) late.getSession(false).getAttribute("cart");
        late.save();
        late.versionToSend().ifPresent(token -> client.token = token.isEmpty() ? null : token);
        // After the save, before the end of the request (the response already committed): kept with the value.
        ((Map<String, Object>) held.get(0)).put("quantity", 9);
        late.release();

        Object taken = read(a, client, "cart");

        assertThat(taken).as("the value the late change was made to, taken").isSameAs(held);
        assertThat(((Map<String, Object>) ((List<Object>) read(b, client, "cart")).get(0)))
                .as("saved by the request that took it").containsEntry("quantity", 9);
    }

    /** A client whose session holds {@link #cart()}, read once on {@code node}, so that the node keeps it. */
    private static Client cartKeptOn(Node node) {
        Client client = new Client();
        write(node, client, "cart", cart());
        read(node, client, "cart");
        return client;
    }

    /** A cart of JDK types only: lines as maps, each with a nested list and a primitive array. */
    private static List<Object> cart() {
        List<Object> cart = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", "SKU-" + i);
            line.put("quantity", 1);
            line.put("tags", new ArrayList<>(List.of("t" + i)));
            line.put("sizes", new int[] {38, 40});
            cart.add(line);
        }
        return cart;
    }

    @Test
    @SuppressWarnings("unchecked")
    void saveWhenRefusedThenTheChangedObjectIsNotKeptAndTheNextRequestReadsTheStoredValue() {
        Node a = nodes.node(NearCacheNodes.withCache(storeConfig().set("maxSessionBytes", "2KiB"), "1MiB"));
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));
        read(a, client, "cart");

        assertThatThrownBy(() -> request(a, client, false,
                session -> ((List<String>) session.getAttribute("cart")).add("x".repeat(4_000))))
                .isInstanceOf(SessionTooLargeException.class);

        assertThat(read(a, client, "cart")).isEqualTo(List.of("apple"));
    }

    @Test
    void readWhenSaveModeIsOnSetAttributeAndTheValueIsUnchangedThenTheNextRequestOnTheNodeTakesIt() {
        Node a = nodes.node(NearCacheNodes.withCache(storeConfig().set("saveMode", "on-set-attribute"), "1MiB"));
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));
        Object first = read(a, client, "cart");

        assertThat(read(a, client, "cart")).as("checked unchanged at the end of the request, so kept").isSameAs(first);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readWhenSaveModeIsOnSetAttributeAndTheValueWasChangedInPlaceThenTheNextRequestDecodesTheStoredOne() {
        Node a = nodes.node(NearCacheNodes.withCache(storeConfig().set("saveMode", "on-set-attribute"), "1MiB"));
        Client client = new Client();
        write(a, client, "cart", new ArrayList<>(List.of("apple")));
        List<String> changed = request(a, client, false, session -> {
            List<String> cart = (List<String>) session.getAttribute("cart");
            cart.add("pear"); // In place, without setAttribute: not saved with on-set-attribute.
            return cart;
        });

        Object next = read(a, client, "cart");

        assertThat(next).as("what the store holds, as on any other node").isNotSameAs(changed)
                .isEqualTo(List.of("apple"));
    }

    @Test
    void readWhenTheCacheIsOffThenDecodedEachTime() {
        Node off = nodes.node(config("0"));
        Client client = new Client();
        write(off, client, "cart", new ArrayList<>(List.of("apple")));
        Object first = read(off, client, "cart");

        Object second = read(off, client, "cart");

        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }
}
