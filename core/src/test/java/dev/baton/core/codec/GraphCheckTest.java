/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.AttributeEncodingException;
import dev.baton.core.CodecKind;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link ValueCodec#passesWithoutEncoding}: what {@code setAttribute} checks instead of encoding. It must never pass a
 * value that the encoding refuses (the check is as strict as the codec), and it must pass the values apps keep, or
 * the encoding it spares is not spared.
 */
class GraphCheckTest {

    private static final String ALLOWED = GraphCheckTest.class.getName();

    enum Size { SMALL, LARGE }

    /** A cart line as apps write them: a Serializable class with public fields and a no-argument constructor. */
    public static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        public String sku;
        public int quantity;
        public BigDecimal price;
        public Size size = Size.SMALL;
        public Object extra;

        public Item() {
        }

        Item(String sku) {
            this.sku = sku;
            this.quantity = 1;
            this.price = new BigDecimal("9.99");
        }
    }

    /** A cart holding items in a list, notes in a map, a parent pointer (a cycle) and an array. */
    public static final class Cart implements Serializable {
        private static final long serialVersionUID = 1L;
        public List<Item> items = new ArrayList<>();
        public Map<String, Object> notes = new LinkedHashMap<>();
        public Object[] slots = new Object[2];
        public Cart self;
        public Instant updated = Instant.parse("2026-12-06T10:00:00Z");
        transient Thread notStored = Thread.currentThread();
    }

    /** Has a Java serial form (writeObject): only an encoding can check what it writes. */
    public static final class WithSerialForm implements Serializable {
        private static final long serialVersionUID = 1L;
        public Object inside;

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
        }
    }

    /** A linked chain deeper than the walk goes. */
    public static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        public Node next;
    }

    /** Neither a no-argument constructor nor Serializable: Kryo can't rebuild it. */
    public static final class Unbuildable {
        public final String name;

        Unbuildable(String name) {
            this.name = name;
        }
    }

    /** A list that another thread changes while it is walked. */
    public static final class Changing extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public java.util.Iterator<Object> iterator() {
            throw new java.util.ConcurrentModificationException();
        }
    }

    private final ValueCodec kryo = ValueCodec.create(CodecKind.KRYO,
            AllowList.create(List.of(ALLOWED + "$Item", ALLOWED + "$Cart", ALLOWED + "$Size",
                    ALLOWED + "$WithSerialForm", ALLOWED + "$Node", ALLOWED + "$Unbuildable",
                    ALLOWED + "$Changing", ALLOWED + "$Typed"), name -> false),
            List.of());

    private static Cart cart(int items) {
        Cart cart = new Cart();
        for (int i = 0; i < items; i++) {
            cart.items.add(new Item("SKU-" + i));
        }
        cart.notes.put("gift", "blue paper");
        cart.notes.put("when", LocalDate.of(2026, 12, 24));
        cart.slots[0] = new Item("in-array");
        cart.self = cart;
        return cart;
    }

    /** An object of a class the allow-list refuses: this test class itself. */
    private static Object outsider() {
        return new GraphCheckTest();
    }

    @Test
    void passesWhenValueIsWhatAppsKeepThenTrue() {
        List<Object> kept = List.of(cart(50), new ArrayList<>(List.of("a", "b")), new HashMap<>(Map.of("k", 1)),
                new LinkedHashMap<>(Map.of("x", List.of(1, 2))), new TreeMap<>(Map.of("b", 2)), List.of("immutable"),
                Map.of("immutable", "map"), Set.of("one"), Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("u", 1))), Arrays.asList("a", "s"),
                new LinkedList<>(List.of("l")), new TreeSet<>(Set.of("t")), new ConcurrentHashMap<>(Map.of("c", 2)),
                new int[] {1, 2}, new byte[1024], new String[] {"a", null}, new Object[] {new Item("x"), 3},
                new Date(0), UUID.randomUUID(), new Item("alone"));

        for (Object value : kept) {
            assertThat(kryo.passesWithoutEncoding(value)).as(value.getClass().getName()).isTrue();
        }
    }

    @Test
    void passesWhenClassOutsideAllowListAnywhereInTheGraphThenFalseAndTheEncodingRefusesIt() {
        Cart inList = cart(3);
        Item carrier = new Item("carrier");
        carrier.extra = outsider();
        inList.items.add(carrier);
        Cart inMapValue = cart(3);
        inMapValue.notes.put("bad", outsider());
        Cart inMapKey = cart(3);
        Map<Object, String> keyed = new HashMap<>();
        keyed.put(outsider(), "v");
        inMapKey.notes.put("keyed", keyed);
        Cart inArray = cart(3);
        inArray.slots[1] = outsider();
        Cart inWrapper = cart(3);
        inWrapper.notes.put("view", Collections.unmodifiableList(new ArrayList<>(List.of(outsider()))));
        Cart inComparator = cart(3);
        inComparator.notes.put("sorted", new TreeSet<>(Collections.reverseOrder()));

        for (Object value : List.of(inList, inMapValue, inMapKey, inArray, inWrapper, outsider(),
                List.of(outsider()), new Object[] {outsider()})) {
            assertThat(kryo.passesWithoutEncoding(value)).isFalse();
            assertThatThrownBy(() -> kryo.encodeUnsealed("cart", value)).isInstanceOf(AttributeEncodingException.class)
                    .hasMessageContaining(GraphCheckTest.class.getName());
        }
        // Not refused, but its comparator has a Java serial form: only the encoding can tell.
        assertThat(kryo.passesWithoutEncoding(inComparator)).isFalse();
    }

    @Test
    void passesWhenOnlyAnEncodingCanTellThenFalseAndNeverTrueForWhatTheEncodingRefuses() {
        Node deep = new Node();
        Node tail = deep;
        for (int i = 0; i < GraphCheck.MAX_DEPTH + 1; i++) {
            tail.next = new Node();
            tail = tail.next;
        }
        WithSerialForm serialForm = new WithSerialForm();
        serialForm.inside = outsider();
        List<Object> unsure = List.of(serialForm, deep, new Unbuildable("x"), new Random(1), new AtomicLong(3),
                Optional.of("x"), EnumSet.of(Size.LARGE), Collections.singletonList(outsider()),
                new ArrayList<>(List.of(Thread.currentThread())));

        for (Object value : unsure) {
            assertThat(kryo.passesWithoutEncoding(value)).as(value.getClass().getName()).isFalse();
        }
        for (Object value : List.of(serialForm, new Unbuildable("x"), Collections.singletonList(outsider()),
                new ArrayList<>(List.of(Thread.currentThread())))) {
            assertThatThrownBy(() -> kryo.encodeUnsealed("v", value)).isInstanceOf(AttributeEncodingException.class);
        }
    }

    @Test
    void passesWhenTheWalkFailsThenFalseAndTheEncodingDecides() {
        Changing changing = new Changing();
        changing.add("x");

        assertThat(kryo.passesWithoutEncoding(changing)).isFalse();
        assertThatThrownBy(() -> kryo.encodeUnsealed("list", changing)).isInstanceOf(AttributeEncodingException.class);
    }

    @Test
    void passesWhenCodecIsJavaThenFalse() {
        ValueCodec java = ValueCodec.create(CodecKind.JAVA, AllowList.create(List.of(ALLOWED), name -> false),
                List.of());

        assertThat(java.passesWithoutEncoding(cart(2))).isFalse();
    }

    @Test
    void encodingsWhenValuesEncodedThenCountedAndChecksAreNot() {
        long before = kryo.encodings();

        kryo.passesWithoutEncoding(cart(10));
        kryo.encodeUnsealed("cart", cart(10));
        kryo.encode("s".repeat(43), "user", "alice");

        assertThat(kryo.encodings() - before).isEqualTo(2);
    }

    /** Fields of final JDK value types, which the walk passes without reading, beside fields it must look into. */
    public static final class Typed implements Serializable {
        private static final long serialVersionUID = 1L;
        public String name = "typed";
        public Integer count = 3;
        public Instant at = Instant.EPOCH;
        public Size size = Size.LARGE;
        public UUID id = UUID.randomUUID();
        public Number amount = 1L;
        public Object extra;
    }

    @Test
    void passesWhenFieldsOfFinalValueTypesThenTrueAndFieldsOfOtherTypesAreStillWalked() {
        Typed plain = new Typed();
        Typed nulls = new Typed();
        nulls.name = null;
        nulls.count = null;
        nulls.at = null;
        Typed unsureNumber = new Typed();
        unsureNumber.amount = new AtomicLong(2);
        Typed outsiderInObject = new Typed();
        outsiderInObject.extra = outsider();
        Typed outsiderDeeper = new Typed();
        outsiderDeeper.extra = List.of(new Typed(), Map.of("k", outsiderInObject));

        assertThat(kryo.passesWithoutEncoding(plain)).isTrue();
        assertThat(kryo.passesWithoutEncoding(nulls)).isTrue();
        assertThat(kryo.passesWithoutEncoding(List.of(plain, nulls))).isTrue();
        // A Number field may hold any Number: walked, and an AtomicLong is for the encoding to decide.
        assertThat(kryo.passesWithoutEncoding(unsureNumber)).isFalse();
        for (Object value : List.of(outsiderInObject, outsiderDeeper)) {
            assertThat(kryo.passesWithoutEncoding(value)).isFalse();
            assertThatThrownBy(() -> kryo.encodeUnsealed("typed", value))
                    .isInstanceOf(AttributeEncodingException.class)
                    .hasMessageContaining(GraphCheckTest.class.getName());
        }
    }
}
