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
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write path's costs (issue 20): each changed attribute encoded once per request, nothing decoded or encoded but
 * what the request touched, and the guarantees that made encoding twice look necessary (a disallowed class fails in
 * {@code setAttribute}; a change made after {@code setAttribute} is saved). Encodings are counted by the engine's codec
 * ({@code ValueCodec.encodings()}), decodes by the activation events each decode fires.
 */
class WritePathTest {

    /** A cart line: a Serializable class with public fields and a no-argument constructor. */
    public static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        public String sku;
        public String name;
        public int quantity;
        public BigDecimal price;
        public Object note;

        public Item() {
        }

        Item(int i) {
            sku = "SKU-" + (10_000 + i);
            name = "Product number " + i + " in the catalogue";
            quantity = 1 + i % 3;
            price = new BigDecimal("19.99").add(BigDecimal.valueOf(i));
        }
    }

    /** The cart: a list of items. */
    public static final class Cart implements Serializable {
        private static final long serialVersionUID = 1L;
        public List<Item> items = new ArrayList<>();
    }

    /** Outside the allow-list, which names the two classes above only. */
    public static final class Outsider implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** The attributes decoded, in order: each decode fires one activation event. */
    private final List<String> decoded = new CopyOnWriteArrayList<>();
    private CountingSessionStore store;
    private SessionEngine engine;

    @BeforeEach
    void setUp() {
        store = new CountingSessionStore(new InMemorySessionStore(clock));
        BatonConfig config = BatonConfig.builder().store("memory:")
                .set("allowedClasses", Cart.class.getName() + "," + Item.class.getName()).build();
        engine = SessionEngine.builder(config).store(store).clock(clock).listener(new SessionEventListener() {
            @Override
            public void valueActivated(BatonSession session, String name, Object value) {
                decoded.add(name);
            }
        }).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private static Cart cart(int items) {
        Cart cart = new Cart();
        for (int i = 0; i < items; i++) {
            cart.items.add(new Item(i));
        }
        return cart;
    }

    private String createSession(Map<String, Object> attributes) {
        SessionRequest request = engine.newRequest(null);
        attributes.forEach(request.getSession(true)::setAttribute);
        request.save();
        store.reset();
        decoded.clear();
        return request.idToSend().orElseThrow();
    }

    private long encodings() {
        return engine.codec().encodings();
    }

    @Test
    void saveWhenCartReadChangedInPlaceAndSetAgainThenEachChangedAttributeIsEncodedOnce() {
        String id = createSession(Map.of("cart", cart(50), "counter", 0));
        long before = encodings();

        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        Cart cart = (Cart) session.getAttribute("cart");
        cart.items.add(new Item(50));
        session.setAttribute("cart", cart);
        session.setAttribute("counter", (Integer) session.getAttribute("counter") + 1);
        request.save();

        assertThat(encodings() - before).isEqualTo(2);
        assertThat(store.saves()).singleElement()
                .satisfies(change -> assertThat(change.setAttributes()).containsOnlyKeys("cart", "counter"));
        BatonSession next = engine.newRequest(id).getSession(false);
        assertThat(((Cart) next.getAttribute("cart")).items).hasSize(51);
        assertThat(next.getAttribute("counter")).isEqualTo(1);
    }

    @Test
    void saveWhenNewSessionFilledThenEachAttributeIsEncodedOnce() {
        long before = encodings();

        createSession(Map.of("cart", cart(10), "counter", 0, "user", "alice"));

        assertThat(encodings() - before).isEqualTo(3);
    }

    @Test
    void setAttributeWhenClassOutsideAllowListIsDeepInTheValueThenRefusedInTheCallNamingIt() {
        String id = createSession(Map.of("cart", cart(3)));
        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        Cart cart = (Cart) session.getAttribute("cart");
        cart.items.get(1).note = new ArrayList<>(List.of(new Outsider()));

        assertThatThrownBy(() -> session.setAttribute("cart", cart)).isInstanceOf(AttributeEncodingException.class)
                .hasMessageContaining("attribute 'cart'").hasMessageContaining(Outsider.class.getName())
                .hasMessageContaining("outside the allow-list");
        assertThatThrownBy(() -> session.setAttribute("other", List.of(new Outsider())))
                .isInstanceOf(AttributeEncodingException.class).hasMessageContaining(Outsider.class.getName());
        assertThat(session.getAttributeNames()).containsExactly("cart");
    }

    @Test
    void saveWhenValueChangedAfterSetAttributeThenTheChangeIsSavedAndEncodedOnce() {
        String id = createSession(Map.of("counter", 0));
        long before = encodings();

        SessionRequest request = engine.newRequest(id);
        Cart cart = cart(2);
        request.getSession(false).setAttribute("cart", cart);
        cart.items.add(new Item(2));
        cart.items.get(0).quantity = 7;
        request.save();

        assertThat(encodings() - before).isEqualTo(1);
        Cart saved = (Cart) engine.newRequest(id).getSession(false).getAttribute("cart");
        assertThat(saved.items).hasSize(3);
        assertThat(saved.items.get(0).quantity).isEqualTo(7);
    }

    @Test
    void saveWhenValueChangedAfterSetAttributeToHoldADisallowedClassThenSaveFailsAndWritesNothing() {
        String id = createSession(Map.of("counter", 0));
        SessionRequest request = engine.newRequest(id);
        Cart cart = cart(2);
        request.getSession(false).setAttribute("cart", cart);
        cart.items.get(0).note = new Outsider();

        assertThatThrownBy(request::save).isInstanceOf(AttributeEncodingException.class)
                .hasMessageContaining(Outsider.class.getName());
        assertThat(store.calls("save")).isZero();
    }

    @Test
    void saveWhenOneSmallAttributeOfALargeSessionChangesThenNoOtherIsDecodedOrEncoded() {
        Map<String, Object> large = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            large.put("part" + i, cart(60));
        }
        large.put("counter", 0);
        String id = createSession(large);
        long before = encodings();

        SessionRequest request = engine.newRequest(id);
        request.getSession(false).setAttribute("counter", 1);
        request.save();

        // Only the counter's old value, for the attributeReplaced and valueUnbound events.
        assertThat(decoded).containsExactly("counter");
        assertThat(encodings() - before).isEqualTo(1);
        assertThat(store.saves()).singleElement()
                .satisfies(change -> assertThat(change.setAttributes()).containsOnlyKeys("counter"));
    }

    @Test
    void saveWhenRequestOnlyReadsOneAttributeThenOnlyThatOneIsDecodedAndCheckedAndNothingWritten() {
        String id = createSession(Map.of("cart", cart(50), "other", cart(50), "user", "alice"));
        long before = encodings();

        SessionRequest request = engine.newRequest(id);
        Cart cart = (Cart) request.getSession(false).getAttribute("cart");
        request.save();

        assertThat(cart.items).hasSize(50);
        assertThat(decoded).containsExactly("cart");
        // saveMode=on-mutation: the read cart is compared with the snapshot of its graph taken when it was decoded,
        // which finds it unchanged without encoding it again.
        assertThat(encodings() - before).isZero();
        assertThat(store.calls("save")).isZero();
    }

    @Test
    void requestWhenListenerObservesActivationOfCartsOnlyThenOnlyTheCartHearsActivationAndPassivation() {
        String id = createSession(Map.of("cart", cart(3), "counter", 0));
        List<String> heard = new CopyOnWriteArrayList<>();
        try (SessionEngine carts = SessionEngine.builder(BatonConfig.builder().store("memory:")
                .set("allowedClasses", Cart.class.getName() + "," + Item.class.getName()).build()).store(store)
                .clock(clock).listener(new SessionEventListener() {
                    @Override
                    public boolean observesActivation(Object value) {
                        return value instanceof Cart;
                    }

                    @Override
                    public void valueActivated(BatonSession session, String name, Object value) {
                        heard.add("activated " + name);
                    }

                    @Override
                    public void valueWillPassivate(BatonSession session, String name, Object value) {
                        heard.add("passivating " + name);
                    }
                }).build()) {
            SessionRequest request = carts.newRequest(id);
            BatonSession session = request.getSession(false);
            ((Cart) session.getAttribute("cart")).items.add(new Item(3));
            session.setAttribute("counter", (Integer) session.getAttribute("counter") + 1);
            request.save();
        }

        assertThat(heard).containsExactly("activated cart", "passivating cart");
    }
}
