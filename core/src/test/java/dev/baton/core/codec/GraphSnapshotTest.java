/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.CodecKind;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphSnapshot}: what the end of a request compares instead of encoding a value it read. Each case decodes a
 * value from its real encoding, snapshots it, changes it (or not), and checks the snapshot's answer against the
 * encoding's: a snapshot that finds the graph unchanged while the encoding changed would be a lost update.
 */
class GraphSnapshotTest {

    private static final String ALLOWED = GraphSnapshotTest.class.getName();
    private static final ClassLoader LOADER = GraphSnapshotTest.class.getClassLoader();

    /** A cart line with fields of every kind the field serializer writes. */
    public static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        public String sku;
        public int quantity;
        public long priceCents;
        public double weight;
        public boolean gift;
        public char grade = 'A';
        public float ratio = 0.5f;
        public short shelf = 12;
        public byte flags = 3;
        public BigDecimal price;
        public Object extra;
        public Item child;
        public transient String cached;

        public Item() {
        }

        Item(int i) {
            sku = "SKU-" + i;
            quantity = 1 + i % 3;
            priceCents = 199 + i;
            weight = 0.5 * i;
            price = new BigDecimal("9.99");
        }
    }

    /** A cart line that reaches no other object: primitives and immutable values only. */
    public static final class Line implements Serializable {
        private static final long serialVersionUID = 1L;
        public String sku;
        public int quantity;
        public long priceCents;
        public boolean gift;
        public double weight;

        public Line() {
        }

        Line(int i) {
            sku = "L-" + i;
            quantity = 1 + i % 4;
            priceCents = 100L * i;
            weight = i / 3.0;
        }
    }

    /** A cart line as a record of primitives and immutable values: an immutable value itself. */
    public record LineRecord(String sku, int quantity, long priceCents, boolean gift, double weight, Instant added)
            implements Serializable {
    }

    /** A record that reaches mutable objects: walked by its fields. */
    public record Basket(String owner, List<Item> items, LineRecord featured) implements Serializable {
    }

    /** A cart: a list, a map, a primitive array, a date, a set, a sorted map and a cycle back to itself. */
    public static final class Cart implements Serializable {
        private static final long serialVersionUID = 1L;
        public List<Item> items = new ArrayList<>();
        public Map<String, Object> notes = new LinkedHashMap<>();
        public int[] counts = {1, 2, 3};
        public Date updated = new Date(1_700_000_000_000L);
        public LinkedHashSet<String> tags = new LinkedHashSet<>(List.of("a", "b"));
        public TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("x", 1, "y", 2));
        public Object[] slots = new Object[2];
        public Cart self;
        public String owner = "alice";
    }

    /** Has a Java serial form (writeObject): GraphCheck and the snapshot leave it to the encoding. */
    public static final class WithSerialForm implements Serializable {
        private static final long serialVersionUID = 1L;
        public List<String> inside = new ArrayList<>(List.of("a"));

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
        }
    }

    private final ValueCodec codec = ValueCodec.create(CodecKind.KRYO, AllowList.create(
            List.of(ALLOWED + "$Item", ALLOWED + "$Line", ALLOWED + "$Cart", ALLOWED + "$WithSerialForm",
                    ALLOWED + "$LineRecord", ALLOWED + "$Basket", "java.util.PriorityQueue"),
            name -> false), List.of());

    private static Cart cart(int items) {
        Cart cart = new Cart();
        for (int i = 0; i < items; i++) {
            Item item = new Item(i);
            if (i % 10 == 0) {
                item.child = new Item(1000 + i);
            }
            cart.items.add(item);
        }
        cart.notes.put("gift", "blue paper");
        cart.notes.put("item", new Item(99));
        cart.slots[0] = new Item(98);
        cart.self = cart;
        return cart;
    }

    /** What the check at the end of a request sees: a value decoded from its bytes, and its snapshot. */
    private record Read(byte[] bytes, Object value, GraphSnapshot snapshot) {
    }

    private Read read(Object original) {
        byte[] bytes = codec.encodeUnsealed("v", original);
        Object value = codec.decodeUnsealed("v", bytes, LOADER);
        return new Read(bytes, value, codec.snapshot(value, bytes));
    }

    /** Reads the value, changes it, and returns whether the snapshot found it unchanged; checks that against Kryo. */
    @SuppressWarnings("unchecked")
    private <T> boolean unchangedAfter(T original, Consumer<T> change) {
        Read read = read(original);
        assertThat(read.snapshot()).as("a snapshot of " + original.getClass().getSimpleName()).isNotNull();
        change.accept((T) read.value());
        GraphSnapshot again = read.snapshot().retake(read.value());
        boolean encodedSame = codec.encodeUnsealed("v", read.value(), read.bytes()) == read.bytes();
        if (again == read.snapshot()) {
            assertThat(encodedSame).as("the snapshot found no change, so the encoding must be the same").isTrue();
        } else {
            assertThat(again).as("a new snapshot of the changed graph").isNotNull();
            assertThat(again.retake(read.value())).as("the new snapshot finds the graph as it is now").isSameAs(again);
        }
        return again == read.snapshot();
    }

    @Test
    void retakeWhenNothingChangedThenSameSnapshotAndTheEncodingAgrees() {
        assertThat(unchangedAfter(cart(50), cart -> { })).isTrue();
        assertThat(unchangedAfter(new ArrayList<>(List.of("a", "b")), list -> { })).isTrue();
        assertThat(unchangedAfter(new byte[1024], bytes -> { })).isTrue();
        assertThat(unchangedAfter(Collections.unmodifiableMap(new HashMap<>(Map.of("k", new Item(1)))), map -> { }))
                .isTrue();
    }

    @Test
    void retakeWhenChangedInPlaceThenChanged() {
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(0).child.sku = "nested")).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).quantity++)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).priceCents = -1)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).weight = -0.0)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).gift = true)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).grade = 'B')).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).ratio = Float.NaN)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).shelf = -12)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(4).flags = 0)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(0).ratio = 0.5f)).isTrue();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(3).price = BigDecimal.ONE)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.add(new Item(7)))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.remove(2))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.set(1, new Item(1)))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> Collections.swap(cart.items, 0, 4))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.notes.put("new", "note"))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.notes.put("gift", "red paper"))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.notes.remove("gift"))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> ((Item) cart.notes.get("item")).quantity = 9)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.counts[1] = 7)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.updated.setTime(0))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.tags.add("c"))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.sorted.put("x", 5))).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.slots[1] = "filled")).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.self = null)).isFalse();
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(2).extra = new int[] {1})).isFalse();
        assertThat(unchangedAfter(new byte[16], bytes -> bytes[15] = 1)).isFalse();
        assertThat(unchangedAfter(new double[] {1.0}, doubles -> doubles[0] = -1.0)).isFalse();
        assertThat(unchangedAfter(new String[] {"a"}, strings -> strings[0] = "b")).isFalse();
    }

    /**
     * A list whose elements change class from one to the next (the walk keeps the last class's plan, and reads an
     * {@code ArrayList} by index): each element is still read by its own class's plan, and a change anywhere is seen.
     */
    @Test
    void retakeWhenAListMixesClassesThenEachElementIsReadByItsOwnClass() {
        Supplier<ArrayList<Object>> mixed = () -> new ArrayList<>(Arrays.asList(new Item(1), "s", new Item(2), 3, null,
                new LinkedList<>(List.of(new Item(3))), new Item(4)));
        assertThat(unchangedAfter(mixed.get(), list -> { })).isTrue();
        assertThat(unchangedAfter(mixed.get(), list -> ((Item) list.get(6)).quantity++)).isFalse();
        assertThat(unchangedAfter(mixed.get(), list -> list.set(1, new Item(1)))).isFalse();
        assertThat(unchangedAfter(mixed.get(), list -> list.set(4, "t"))).isFalse();
        assertThat(unchangedAfter(mixed.get(), list -> ((Item) ((List<?>) list.get(5)).get(0)).gift = true)).isFalse();
        assertThat(unchangedAfter(mixed.get(), list -> list.remove(6))).isFalse();
        assertThat(unchangedAfter(mixed.get(), list -> list.add(null))).isFalse();
    }

    /** Objects with no field walked into (the walk records them without a cycle check), alone, shared and nested. */
    @Test
    void retakeWhenLinesReachNoOtherObjectThenEachFieldChangeIsSeen() {
        Supplier<ArrayList<Object>> lines = () -> {
            Line shared = new Line(9);
            Map<String, Object> byName = new LinkedHashMap<>(Map.of("first", new Line(1)));
            return new ArrayList<>(Arrays.asList(new Line(0), shared, shared, byName, new Line[] {new Line(2)}));
        };
        assertThat(unchangedAfter(lines.get(), list -> { })).isTrue();
        assertThat(unchangedAfter(lines.get(), list -> ((Line) list.get(0)).quantity++)).isFalse();
        assertThat(unchangedAfter(lines.get(), list -> ((Line) list.get(2)).sku = "other")).isFalse();
        assertThat(unchangedAfter(lines.get(), list -> ((Line) list.get(1)).gift = true)).isFalse();
        assertThat(unchangedAfter(lines.get(), list -> ((Line) list.get(0)).weight = -0.0)).isFalse();
        assertThat(unchangedAfter(lines.get(), list -> list.set(2, new Line(9)))).isFalse();
        assertThat(unchangedAfter(lines.get(), list -> ((Line) ((Map<?, ?>) list.get(3)).get("first")).priceCents = 1))
                .isFalse();
        assertThat(unchangedAfter(lines.get(), list -> ((Line[]) list.get(4))[0].quantity = 0)).isFalse();
    }

    /**
     * Records: one of immutable values is compared by identity alone (its fields can't be set), so a list of 50 such
     * lines records the list, its size and its 50 elements, and nothing inside them; one that reaches mutable objects
     * is walked by its fields, and a change in them is seen.
     */
    @Test
    void retakeWhenRecordsThenThoseOfValuesAreComparedByIdentityAndTheOthersWalked() {
        Supplier<ArrayList<LineRecord>> lines = () -> {
            ArrayList<LineRecord> list = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                list.add(new LineRecord("R-" + i, 1 + i % 3, 100L * i, i % 2 == 0, i / 4.0, Instant.ofEpochSecond(i)));
            }
            return list;
        };
        assertThat(read(lines.get()).snapshot().heapBytes()).as("the list, its 50 elements, its size, one word of bits")
                .isEqualTo(64 + 8 * (1 + 50 + 1 + 1));
        assertThat(unchangedAfter(lines.get(), list -> { })).isTrue();
        assertThat(unchangedAfter(lines.get(), list -> list.set(3, new LineRecord("R-3", 9, 300, false, 0.75,
                Instant.EPOCH)))).isFalse();
        assertThat(unchangedAfter(lines.get(), list -> list.set(3, new LineRecord(list.get(3).sku(), 1, 300, false,
                0.75, list.get(3).added())))).as("equal, but another object: an encoding tells").isFalse();
        assertThat(unchangedAfter(lines.get(), list -> list.remove(49))).isFalse();

        Supplier<Basket> basket = () -> new Basket("alice", new ArrayList<>(List.of(new Item(1), new Item(2))),
                lines.get().get(7));
        assertThat(unchangedAfter(basket.get(), b -> { })).isTrue();
        assertThat(unchangedAfter(basket.get(), b -> b.items().get(1).quantity++)).isFalse();
        assertThat(unchangedAfter(basket.get(), b -> b.items().add(new Item(3)))).isFalse();
        assertThat(unchangedAfter(basket.get(), b -> b.items().get(0).child = new Item(4))).isFalse();
    }

    /**
     * A walk passes by an immutable value that is where it was, without reading it; a snapshot retaken after a change
     * must still know which of its references those are, and which must be walked into.
     */
    @Test
    @SuppressWarnings("unchecked")
    void retakeWhenRetakenAfterChangesThenImmutableValuesArePassedByAndEveryOtherChangeSeen() {
        LineRecord line = new LineRecord("R", 1, 100, false, 1.5, Instant.EPOCH);
        Read read = read(new ArrayList<>(Arrays.asList("a", line, new Item(1), "b", 5, new Item(2))));
        List<Object> value = (List<Object>) read.value();

        ((Item) value.get(2)).quantity++;
        GraphSnapshot second = read.snapshot().retake(value);
        assertThat(second).isNotNull().isNotSameAs(read.snapshot());
        assertThat(second.retake(value)).isSameAs(second);
        assertThat(second.heapBytes()).isEqualTo(read.snapshot().heapBytes());

        ((Item) value.get(5)).gift = true;
        GraphSnapshot third = second.retake(value);
        assertThat(third).as("an item after the values, changed in place").isNotNull().isNotSameAs(second);
        ((Item) value.get(2)).quantity++;
        GraphSnapshot fourth = third.retake(value);
        assertThat(fourth).as("the item changed before, changed again").isNotNull().isNotSameAs(third);
        value.set(1, new LineRecord("R", 1, 100, false, 1.5, Instant.EPOCH));
        assertThat(fourth.retake(value)).as("a value replaced by an equal one").isNotSameAs(fourth);
        value.set(3, "c");
        GraphSnapshot fifth = read.snapshot().retake(value);
        assertThat(fifth).isNotSameAs(read.snapshot());
        assertThat(fifth.retake(value)).isSameAs(fifth);
    }

    @Test
    void retakeWhenOnlyATransientFieldChangedThenUnchangedAsTheEncodingIs() {
        assertThat(unchangedAfter(cart(5), cart -> cart.items.get(0).cached = "not stored")).isTrue();
    }

    @Test
    void retakeWhenAStringIsReplacedByAnEqualOneThenEitherAnswerAndTheEncodingIsTheSame() {
        // Strings are compared by identity: an equal one in its place counts as a change, which only costs an encoding.
        assertThat(unchangedAfter(cart(5), cart -> cart.owner = new String("alice"))).isFalse();
        Read read = read(cart(5));
        ((Cart) read.value()).owner = new String("alice");
        assertThat(codec.encodeUnsealed("v", read.value(), read.bytes())).isSameAs(read.bytes());
    }

    @Test
    void snapshotWhenTheGraphHoldsWhatOnlyAnEncodingCanTellThenNone() {
        Cart withSerialForm = cart(3);
        withSerialForm.notes.put("form", new WithSerialForm());
        PriorityQueue<String> queue = new PriorityQueue<>(List.of("b", "a"));
        for (Object value : List.of(withSerialForm, new WithSerialForm(), queue, new ArrayList<>(List.of(queue)))) {
            Read read = read(value);
            assertThat(read.snapshot()).as(value.getClass().getName()).isNull();
        }
        assertThat(codec.snapshot(new ArrayList<>(Collections.nCopies(GraphSnapshot.MAX_SLOTS, "x")), null)).isNull();
    }

    @Test
    void snapshotWhenCodecIsJavaOrTheBytesAreNotCodecOnesThenNone() {
        ValueCodec java = ValueCodec.create(CodecKind.JAVA, AllowList.create(List.of(ALLOWED), name -> false),
                List.of());
        byte[] javaBytes = java.encodeUnsealed("v", new ArrayList<>(List.of("a")));

        assertThat(java.snapshot(new ArrayList<>(List.of("a")), null)).isNull();
        assertThat(codec.snapshot(codec.decodeUnsealed("v", javaBytes, LOADER), javaBytes)).isNull();
    }

    /**
     * Random changes to random carts, many of them none at all or undone: whenever the snapshot says unchanged, the
     * encoding is the same bytes.
     */
    @Test
    void retakeWhenRandomChangesThenNeverUnchangedWhileTheEncodingChanged() {
        Random random = new Random(20261207);
        int unchanged = 0;
        for (int round = 0; round < 400; round++) {
            int kind = random.nextInt(12);
            int index = random.nextInt(5);
            boolean found = unchangedAfter(cart(5), cart -> {
                Item item = cart.items.get(index);
                switch (kind) {
                    case 0 -> item.quantity = item.quantity;
                    case 1 -> item.quantity = random.nextInt(3) + 1;
                    case 2 -> Collections.swap(cart.items, index, random.nextInt(5));
                    case 3 -> cart.counts[random.nextInt(3)] = random.nextInt(4);
                    case 4 -> cart.notes.put("gift", random.nextBoolean() ? cart.notes.get("gift") : "other");
                    case 5 -> cart.updated.setTime(cart.updated.getTime() + random.nextInt(2));
                    case 6 -> item.cached = "x";
                    case 7 -> cart.self = random.nextBoolean() ? cart : null;
                    case 8 -> cart.slots[random.nextInt(2)] = random.nextBoolean() ? null : item;
                    case 9 -> cart.items.add(cart.items.remove(index));
                    case 10 -> item.child = random.nextBoolean() ? item.child : new Item(index);
                    default -> cart.tags.remove(random.nextBoolean() ? "a" : "z");
                }
            });
            unchanged += found ? 1 : 0;
        }
        assertThat(unchanged).as("some rounds changed nothing").isPositive();
    }
}
