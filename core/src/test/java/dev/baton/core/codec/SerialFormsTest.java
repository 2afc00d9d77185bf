/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.AttributeEncodingException;
import dev.baton.core.CodecKind;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 19, "the codec stores what Java serialization stores"): the default Kryo codec refused every
 * class without a no-argument constructor, ignored {@code writeObject}/{@code readResolve}, and needed
 * {@code --add-opens} for {@code Random} or {@code AtomicLong}. Every {@code Serializable} class the allow-list admits
 * now round-trips with Java serialization's semantics, and the tests run without any {@code --add-opens}.
 */
class SerialFormsTest {

    private static final String SESSION = "s".repeat(43);
    private static final ClassLoader LOADER = SerialFormsTest.class.getClassLoader();

    /** The default allow-list of a web app whose own classes are this package's (as if in WEB-INF/classes). */
    private static ValueCodec codec() {
        return ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of(),
                name -> name.startsWith("dev.baton.core.codec.SerialFormsTest")), List.of());
    }

    private static Object roundTrip(Object value) {
        ValueCodec codec = codec();
        return codec.decode(SESSION, "attr", codec.encode(SESSION, "attr", value), LOADER);
    }

    /**
     * Not serializable: Java serialization runs its no-argument constructor when rebuilding a subclass (its transient
     * field shows it ran; Kryo, unlike Java serialization, also keeps its other fields).
     */
    static class Base {
        transient String baseState;

        Base() {
            baseState = "base constructor ran";
        }
    }

    /** Serializable, no no-argument constructor, with a transient field its constructor sets. */
    static final class Money extends Base implements Serializable {
        private static final long serialVersionUID = 1L;
        private final BigDecimal amount;
        private final String currency;
        private final transient String cached;

        Money(BigDecimal amount, String currency) {
            this.amount = amount;
            this.currency = currency;
            this.cached = amount + " " + currency;
        }
    }

    /** Keeps a transient field through writeObject/readObject; has a no-argument constructor. */
    static final class Hooked implements Serializable {
        private static final long serialVersionUID = 1L;
        String name;
        transient String secretKeptByHooks;

        Hooked() {
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeUTF(new StringBuilder(secretKeptByHooks).reverse().toString());
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            secretKeptByHooks = new StringBuilder(in.readUTF()).reverse().toString();
        }
    }

    /** One instance per JVM, kept so through readResolve. */
    static final class Singleton implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Singleton INSTANCE = new Singleton();

        private Singleton() {
        }

        private Object readResolve() {
            return INSTANCE;
        }
    }

    /** Stored as a proxy (writeReplace), rebuilt from it (readResolve); no no-argument constructor. */
    static final class Range implements Serializable {
        private static final long serialVersionUID = 1L;
        final int from;
        final int to;

        Range(int from, int to) {
            if (from > to) {
                throw new IllegalArgumentException("from > to");
            }
            this.from = from;
            this.to = to;
        }

        private Object writeReplace() {
            return new Proxy(from + ".." + to);
        }

        record Proxy(String text) implements Serializable {
            private Object readResolve() {
                String[] parts = text.split("\\.\\.");
                return new Range(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        }
    }

    /** Externalizable: its own format, through its public no-argument constructor. */
    public static final class Point implements Externalizable {
        int x;
        int y;

        public Point() {
        }

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeInt(x * 10);
            out.writeInt(y * 10);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            x = in.readInt() / 10;
            y = in.readInt() / 10;
        }
    }

    /** A session bean that is not Serializable, holding JDK types Kryo can't reach into without --add-opens. */
    static final class Dice {
        Random random = new Random(42);
        AtomicLong rolls = new AtomicLong();
        AtomicInteger sixes = new AtomicInteger();
        AtomicBoolean lucky = new AtomicBoolean();
        AtomicReference<String> lastPlayer = new AtomicReference<>();
    }

    /** Not serializable and no no-argument constructor: neither codec can rebuild it. */
    static final class Unbuildable {
        final String value;

        Unbuildable(String value) {
            this.value = value;
        }
    }

    enum Status { OPEN, CLOSED }

    record Order(String id, List<String> lines, Status status, Money total) implements Serializable {
    }

    @Test
    void decodeWhenSerializableClassHasNoNoArgConstructorThenRebuiltAsJavaSerializationDoes() {
        Money money = new Money(new BigDecimal("9.90"), "CHF");
        money.baseState = "changed after construction, and transient";

        Money back = (Money) roundTrip(money);

        assertThat(back.amount).isEqualTo(new BigDecimal("9.90"));
        assertThat(back.currency).isEqualTo("CHF");
        // Java serialization's semantics: the first non-serializable superclass's constructor runs, the class's own
        // does not (its transient field is left null).
        assertThat(back.baseState).isEqualTo("base constructor ran");
        assertThat(back.cached).isNull();
    }

    @Test
    void decodeWhenClassHasWriteObjectAndReadObjectThenTheyRun() {
        Hooked hooked = new Hooked();
        hooked.name = "n";
        hooked.secretKeptByHooks = "kept";

        byte[] stored = codec().encode(SESSION, "attr", hooked);
        Hooked back = (Hooked) codec().decode(SESSION, "attr", stored, LOADER);

        assertThat(back.name).isEqualTo("n");
        assertThat(back.secretKeptByHooks).isEqualTo("kept");
        assertThat(stored[1]).as("codec byte: a serial form codec 1 wrote field by field").isEqualTo((byte) 3);
    }

    @Test
    void decodeWhenClassHasReadResolveOrWriteReplaceThenTheyRun() {
        assertThat(roundTrip(Singleton.INSTANCE)).isSameAs(Singleton.INSTANCE);
        Range range = (Range) roundTrip(new Range(2, 5));
        assertThat(range.from).isEqualTo(2);
        assertThat(range.to).isEqualTo(5);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) roundTrip(new ArrayList<>(List.of(Singleton.INSTANCE, new Range(1, 1))));
        assertThat(list.get(0)).isSameAs(Singleton.INSTANCE);
        assertThat(list.get(1)).isInstanceOf(Range.class);
    }

    @Test
    void decodeWhenClassIsExternalizableThenItsOwnFormIsUsed() {
        Point back = (Point) roundTrip(new Point(3, 4));

        assertThat(back.x).isEqualTo(3);
        assertThat(back.y).isEqualTo(4);
    }

    @Test
    void decodeWhenBeanHoldsRandomAndAtomicsThenTheyRoundTripWithoutAddOpens() {
        Dice dice = new Dice();
        dice.random.nextInt();
        dice.rolls.set(7);
        dice.sixes.set(2);
        dice.lucky.set(true);
        dice.lastPlayer.set("ann");
        Random expected = new Random(42);
        expected.nextInt();

        Dice back = (Dice) roundTrip(dice);

        assertThat(back.random.nextLong()).as("the generator's state").isEqualTo(expected.nextLong());
        assertThat(back.rolls.get()).isEqualTo(7);
        assertThat(back.sixes.get()).isEqualTo(2);
        assertThat(back.lucky.get()).isTrue();
        assertThat(back.lastPlayer.get()).isEqualTo("ann");
    }

    @Test
    void decodeWhenValueIsARecordEnumOrJdkValueThenEqualValueComesBack() {
        List<Object> values = List.of(new Order("o1", List.of("tea"), Status.CLOSED, null), Status.OPEN,
                List.of("a", "b"), Map.of("k", "v"), Set.of(1), Collections.emptyList(), Collections.emptyMap(),
                Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
                Collections.unmodifiableSet(new TreeSet<>(Set.of("b", "a"))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("m", 1))), Instant.parse("2026-12-06T10:00:00Z"),
                LocalDate.of(2026, 12, 6), ZonedDateTime.parse("2026-12-06T10:00:00+01:00[Europe/Zurich]"),
                Duration.ofSeconds(90), new BigDecimal("1.50"), new BigInteger("12345678901234567890"),
                new TreeMap<>(Map.of("B", 2, "a", 1)));
        for (Object value : values) {
            assertThat(roundTrip(value)).as(value.getClass().getName()).isEqualTo(value);
        }
        Order order = (Order) roundTrip(new Order("o2", List.of(), Status.OPEN, new Money(BigDecimal.ONE, "EUR")));
        assertThat(order.total().amount).isEqualTo(BigDecimal.ONE);
    }

    @Test
    void decodeWhenTreeMapIsCaseInsensitiveThenItsComparatorComesBack() {
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Accept", "text/html");

        @SuppressWarnings("unchecked")
        TreeMap<String, String> back = (TreeMap<String, String>) roundTrip(headers);

        assertThat(back.comparator()).isSameAs(String.CASE_INSENSITIVE_ORDER);
        assertThat(back.get("accept")).isEqualTo("text/html");
    }

    @Test
    void encodeWhenNeitherCodecCanRebuildTheClassThenRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> codec().encode(SESSION, "v", new Unbuildable("x")))
                .isInstanceOf(AttributeEncodingException.class)
                .hasMessage("setAttribute: attribute 'v' can't be stored: it has no no-argument constructor and is"
                        + " not Serializable, so neither codec can rebuild it; give it a no-argument constructor"
                        + " (any access), or make it Serializable (class " + Unbuildable.class.getName() + ")");
    }

    @Test
    void encodeWhenJavaSerialFormHoldsANonSerializableValueThenRefusedNamingIt() {
        AtomicReference<Object> holder = new AtomicReference<>(new Dice());

        assertThatThrownBy(() -> codec().encode(SESSION, "v", holder))
                .isInstanceOf(AttributeEncodingException.class)
                .hasMessageContaining("attribute 'v'").hasMessageContaining("not Serializable, and inside a value")
                .hasMessageContaining(Dice.class.getName());
    }

    @Test
    void encodeWhenJdkClassIsNeitherSerializableNorKnownToKryoThenRefusedSayingWhy() {
        assertThatThrownBy(() -> ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of("java.lang.Thread"),
                n -> false), List.of()).encode(SESSION, "v", new ThreadLocal<String>()))
                .isInstanceOf(AttributeEncodingException.class).hasMessageContaining("outside the allow-list");
        assertThatThrownBy(() -> ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of("java.lang."),
                n -> false), List.of()).encode(SESSION, "v", new ThreadLocal<String>()))
                .isInstanceOf(AttributeEncodingException.class)
                .hasMessageContaining("a JDK class, or a subclass of one, that is not Serializable");
    }
}
