/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.core.testing.MutableClock;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * saveMode=on-mutation with the snapshot check: a value a request read is compared at the save with the snapshot of
 * its graph taken when it was decoded, and encoded only when that finds a difference (or can't tell). Every change in
 * place is saved, nothing else is written, and an unchanged value costs no encoding. Real codec, in-memory store;
 * values kept across requests on a node ({@code ReusableValues}) are covered by {@code NearCacheContract}.
 */
class InPlaceChangeTest {

    /** A cart line, with a nested line, a date, a primitive array and a transient field. */
    public static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        public String sku;
        public int quantity = 1;
        public long priceCents = 999;
        public Item accessory;
        public int[] sizes = {38, 40};
        public Date added = new Date(1_700_000_000_000L);
        public transient String rendered;

        public Item() {
        }

        Item(String sku) {
            this.sku = sku;
        }
    }

    /** The cart: a list of lines and a map of notes. */
    public static final class Cart implements Serializable {
        private static final long serialVersionUID = 1L;
        public List<Item> items = new ArrayList<>();
        public Map<String, String> notes = new LinkedHashMap<>();
        public String owner = "alice";
    }

    /** Has a Java serial form: the snapshot leaves it to the encoding. */
    public static final class Custom implements Serializable {
        private static final long serialVersionUID = 1L;
        public List<String> lines = new ArrayList<>(List.of("a"));

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private CountingSessionStore store;
    private SessionEngine engine;

    private SessionEngine engine(String saveMode, SessionEventListener listener) {
        store = new CountingSessionStore(new InMemorySessionStore(clock));
        BatonConfig config = BatonConfig.builder().store("memory:").set("saveMode", saveMode)
                .set("allowedClasses", Item.class.getName() + "," + Cart.class.getName() + "," + Custom.class.getName())
                .build();
        engine = SessionEngine.builder(config).store(store).clock(clock).listener(listener).build();
        return engine;
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private static Cart cart() {
        Cart cart = new Cart();
        for (int i = 0; i < 5; i++) {
            Item item = new Item("SKU-" + i);
            item.accessory = new Item("ACC-" + i);
            cart.items.add(item);
        }
        cart.notes.put("gift", "blue paper");
        cart.notes.put("when", "monday");
        return cart;
    }

    private String create(String name, Object value) {
        SessionRequest request = engine.newRequest(null);
        request.getSession(true).setAttribute(name, value);
        request.save();
        store.reset();
        return request.idToSend().orElseThrow();
    }

    /** One request that reads the attribute and runs {@code change} on it; returns the encodings it cost. */
    @SuppressWarnings("unchecked")
    private <T> long readAndChange(String id, String name, Consumer<T> change) {
        long before = engine.codec().encodings();
        SessionRequest request = engine.newRequest(id);
        change.accept((T) request.getSession(false).getAttribute(name));
        request.save();
        request.release();
        return engine.codec().encodings() - before;
    }

    private Object stored(String id, String name) {
        SessionRequest request = engine.newRequest(id);
        Object value = request.getSession(false).getAttribute(name);
        request.release();
        return value;
    }

    @Test
    void saveWhenReadValueUnchangedThenNotEncodedAndNothingWritten() {
        engine("on-mutation", new SessionEventListener() { });
        String id = create("cart", cart());

        assertThat(readAndChange(id, "cart", (Cart cart) -> { })).isZero();
        assertThat(readAndChange(id, "cart", (Cart cart) -> cart.items.get(0).rendered = "transient")).isZero();

        assertThat(store.calls("save")).isZero();
    }

    @Test
    void saveWhenChangedInPlaceAnywhereThenEncodedOnceAndSaved() {
        engine("on-mutation", new SessionEventListener() { });
        Map<String, Consumer<Cart>> changes = new LinkedHashMap<>();
        changes.put("nested field", cart -> cart.items.get(2).accessory.sku = "ACC-changed");
        changes.put("primitive field", cart -> cart.items.get(1).quantity = 7);
        changes.put("list add", cart -> cart.items.add(new Item("SKU-new")));
        changes.put("list remove", cart -> cart.items.remove(3));
        changes.put("list set", cart -> cart.items.set(0, new Item("SKU-set")));
        changes.put("list reorder", cart -> Collections.swap(cart.items, 0, 4));
        changes.put("map put", cart -> cart.notes.put("wrap", "yes"));
        changes.put("map replace", cart -> cart.notes.put("gift", "red paper"));
        changes.put("map remove", cart -> cart.notes.remove("when"));
        changes.put("primitive array element", cart -> cart.items.get(4).sizes[1] = 42);
        changes.put("date in place", cart -> cart.items.get(0).added.setTime(0));
        for (Map.Entry<String, Consumer<Cart>> change : changes.entrySet()) {
            String id = create("cart", cart());
            Cart expected = cart();
            change.getValue().accept(expected);

            assertThat(readAndChange(id, "cart", change.getValue())).as(change.getKey()).isEqualTo(1);

            assertThat(store.calls("save")).as(change.getKey()).isEqualTo(1);
            assertThat(stored(id, "cart")).as(change.getKey()).usingRecursiveComparison().isEqualTo(expected);
            // The snapshot taken before that encoding: the next request finds the value unchanged without one.
            assertThat(readAndChange(id, "cart", (Cart cart) -> { })).as(change.getKey()).isZero();
            store.reset();
        }
    }

    @Test
    void saveWhenAStringIsReplacedByAnEqualOneThenEncodedAndNothingWritten() {
        engine("on-mutation", new SessionEventListener() { });
        String id = create("cart", cart());

        assertThat(readAndChange(id, "cart", (Cart cart) -> cart.owner = new String("alice"))).isEqualTo(1);

        assertThat(store.calls("save")).isZero();
        assertThat(((Cart) stored(id, "cart")).owner).isEqualTo("alice");
    }

    @Test
    void saveWhenTheGraphHoldsAClassOnlyAnEncodingCanTellThenEncodedEachTimeAndChangesSaved() {
        engine("on-mutation", new SessionEventListener() { });
        Map<String, Object> holder = new LinkedHashMap<>(Map.of("custom", new Custom()));
        String id = create("holder", holder);

        assertThat(readAndChange(id, "holder", (Map<String, Object> map) -> { })).isEqualTo(1);
        assertThat(store.calls("save")).isZero();
        assertThat(readAndChange(id, "holder", (Map<String, Object> map) -> ((Custom) map.get("custom")).lines.add("b")))
                .isEqualTo(1);

        assertThat(store.calls("save")).isEqualTo(1);
        assertThat(((Custom) ((Map<?, ?>) stored(id, "holder")).get("custom")).lines).containsExactly("a", "b");
    }

    @Test
    void saveWhenAnActivationOrPassivationListenerChangesTheValueThenSaved() {
        engine("on-mutation", new SessionEventListener() {
            @Override
            public void valueActivated(BatonSession session, String name, Object value) {
                ((Cart) value).notes.put("activated", "yes");
            }

            @Override
            public void valueWillPassivate(BatonSession session, String name, Object value) {
                ((Cart) value).notes.put("passivated", "yes");
            }
        });
        String id = create("cart", cart());

        readAndChange(id, "cart", (Cart cart) -> { });

        assertThat(store.calls("save")).isEqualTo(1);
        assertThat(((Cart) stored(id, "cart")).notes).containsEntry("activated", "yes")
                .containsEntry("passivated", "yes");
    }

    @Test
    void setAttributeWhenTheReadValueIsSetAgainUnchangedThenNotEncodedAndNothingWritten() {
        engine("on-mutation", new SessionEventListener() { });
        String id = create("cart", cart());
        long before = engine.codec().encodings();

        SessionRequest again = engine.newRequest(id);
        BatonSession session = again.getSession(false);
        session.setAttribute("cart", session.getAttribute("cart"));
        again.save();
        SessionRequest changed = engine.newRequest(id);
        Cart cart = (Cart) changed.getSession(false).getAttribute("cart");
        cart.items.get(0).quantity = 3;
        changed.getSession(false).setAttribute("cart", cart);
        changed.save();

        assertThat(engine.codec().encodings() - before).isEqualTo(1);
        assertThat(store.saves()).singleElement()
                .satisfies(change -> assertThat(change.setAttributes()).containsOnlyKeys("cart"));
        assertThat(((Cart) stored(id, "cart")).items.get(0).quantity).isEqualTo(3);
    }

    @Test
    void saveWhenSaveModeIsNotOnMutationThenNoSnapshotDecides() {
        engine("always", new SessionEventListener() { });
        String id = create("cart", cart());
        assertThat(readAndChange(id, "cart", (Cart cart) -> { })).isEqualTo(1);
        assertThat(store.calls("save")).isEqualTo(1);
        engine.close();

        engine("on-set-attribute", new SessionEventListener() { });
        String other = create("cart", cart());
        assertThat(readAndChange(other, "cart", (Cart cart) -> cart.items.get(0).quantity = 9)).isZero();
        assertThat(store.calls("save")).isZero();
    }
}
