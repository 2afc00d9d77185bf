/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.AttributeDecodingException;
import dev.baton.core.AttributeDecodingException.Reason;
import dev.baton.core.AttributeEncodingException;
import dev.baton.core.CodecKind;
import dev.baton.core.EncryptionKey;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Hashtable;
import java.util.LinkedList;
import java.util.TreeSet;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

    private static final String SESSION = "s".repeat(43);
    private static final ClassLoader LOADER = ValueCodecTest.class.getClassLoader();

    enum Color { RED, GREEN }

    record Line(String sku, int quantity, BigDecimal price) implements Serializable {
    }

    /** A user POJO with a no-argument constructor, serializable. */
    static final class Profile implements Serializable {
        private static final long serialVersionUID = 1L;
        String name;
        List<String> roles = new ArrayList<>();
        Profile self;

        Profile() {
        }

        Profile(String name) {
            this.name = name;
        }
    }

    /** A user POJO that is not Serializable. */
    static final class PlainBean {
        String title;
        int count;
    }

    /** No no-argument constructor: rebuilt as Java serialization rebuilds it. */
    static final class NoDefaultConstructor implements Serializable {
        private static final long serialVersionUID = 1L;
        final String value;

        NoDefaultConstructor(String value) {
            this.value = value;
        }
    }

    private static ValueCodec codec(CodecKind kind) {
        return ValueCodec.create(kind, AllowList.create(List.of("dev.baton.core.codec."), name -> false), List.of());
    }

    private static Object roundTrip(ValueCodec codec, Object value) {
        return codec.decode(SESSION, "attr", codec.encode(SESSION, "attr", value), LOADER);
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenValueIsWhatWebAppsKeepThenEqualValueComesBack(CodecKind kind) {
        ValueCodec codec = codec(kind);
        List<Object> values = List.of("text ü 名前", 42, 42L, 3.5d, 1.5f, true, 'c', (short) 7, (byte) 1,
                new BigDecimal("12.3400"), new BigInteger("123456789012345678901234567890"), UUID.randomUUID(),
                Instant.parse("2026-11-24T10:15:30.123Z"), LocalDate.of(2026, 11, 24),
                LocalDateTime.of(2026, 11, 24, 10, 15), ZonedDateTime.parse("2026-11-24T10:15:30+01:00[Europe/Paris]"),
                Duration.ofMinutes(30), Color.GREEN, new ArrayList<>(List.of("a", "b")),
                new HashMap<>(Map.of("k", 1)), new LinkedHashMap<>(Map.of("x", List.of(1, 2))),
                new TreeMap<>(Map.of("b", 2, "a", 1)), List.of("immutable", "list"), Map.of("immutable", "map"),
                Set.of("one"), List.of(), Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("u", 1))), Arrays.asList("a", "s"),
                EnumSet.of(Color.RED), new Line("tea", 2, new BigDecimal("6.50")));
        for (Object value : values) {
            Object back = roundTrip(codec, value);
            assertThat(back).as(value.getClass().getName()).isEqualTo(value);
        }
        assertThat(roundTrip(codec, new int[] {1, 2, 3})).isEqualTo(new int[] {1, 2, 3});
        assertThat(roundTrip(codec, new String[] {"a", null})).isEqualTo(new String[] {"a", null});
        assertThat(roundTrip(codec, new byte[1024])).isEqualTo(new byte[1024]);
        assertThatThrownBy(() -> ((List<?>) roundTrip(codec, List.of("x"))).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) roundTrip(codec,
                Collections.unmodifiableList(new ArrayList<>(List.of("x"))))).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenValueIsABuiltInCollectionThenEqualValueComesBack(CodecKind kind) {
        // Regression (issue 18, item 9): ConcurrentHashMap's serial form holds ConcurrentHashMap$Segment[], which
        // codec=java refused, so setAttribute always failed for it.
        ValueCodec codec = codec(kind);
        List<Object> values = List.of(new ConcurrentHashMap<>(Map.of("k", 1)),
                new CopyOnWriteArrayList<>(List.of("a")), new Vector<>(List.of("v")), new Hashtable<>(Map.of("h", 2)),
                new LinkedList<>(List.of("l")), new TreeSet<>(Set.of("t")), BitSet.valueOf(new long[] {5}),
                Collections.synchronizedMap(
                        new HashMap<>(Map.of("s", 1))), Collections.emptyList(), Collections.singletonList("one"));
        for (Object value : values) {
            Object back = roundTrip(codec, value);
            assertThat(back).as(value.getClass().getName()).isEqualTo(value);
        }
        ArrayDeque<String> deque = new ArrayDeque<>(List.of("d"));
        assertThat(List.copyOf((ArrayDeque<?>) roundTrip(codec, deque))).isEqualTo(List.of("d"));
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenGraphIsCyclicThenCycleIsKept(CodecKind kind) {
        Profile profile = new Profile("alice");
        profile.roles.add("admin");
        profile.self = profile;

        Profile back = (Profile) roundTrip(codec(kind), profile);

        assertThat(back.name).isEqualTo("alice");
        assertThat(back.roles).containsExactly("admin");
        assertThat(back.self).isSameAs(back);
    }

    @Test
    void encodeWhenPojoIsNotSerializableThenKryoStoresItAndJavaRefusesNamingIt() {
        PlainBean bean = new PlainBean();
        bean.title = "t";
        bean.count = 3;

        PlainBean back = (PlainBean) roundTrip(codec(CodecKind.KRYO), bean);
        assertThat(back.title).isEqualTo("t");
        assertThat(back.count).isEqualTo(3);
        assertThatThrownBy(() -> codec(CodecKind.JAVA).encode(SESSION, "bean", bean))
                .isInstanceOf(AttributeEncodingException.class)
                .hasMessage("setAttribute: attribute 'bean' can't be stored: not Serializable, which codec=java "
                        + "needs (class " + PlainBean.class.getName() + ")");
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenSerializableClassHasNoNoArgConstructorThenBothCodecsRebuildIt(CodecKind kind) {
        // Regression (issue 19): Kryo refused it, though Java serialization (and every container) stores it.
        NoDefaultConstructor back = (NoDefaultConstructor) roundTrip(codec(kind), new NoDefaultConstructor("x"));

        assertThat(back.value).isEqualTo("x");
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void encodeWhenClassOutsideAllowListThenRefusedNamingAttributeAndClass(CodecKind kind) {
        ValueCodec strict = ValueCodec.create(kind, AllowList.create(List.of(), name -> false), List.of());

        assertThatThrownBy(() -> strict.encode(SESSION, "profile", new Profile("x")))
                .isInstanceOf(AttributeEncodingException.class).hasMessageContaining("attribute 'profile'")
                .hasMessageContaining("outside the allow-list").hasMessageContaining(Profile.class.getName());
        assertThatThrownBy(() -> strict.encode(SESSION, "nested", new ArrayList<>(List.of(new Profile("x")))))
                .hasMessageContaining(Profile.class.getName());
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenCodecSwitchedThenOldValuesStillRead(CodecKind kind) {
        CodecKind other = kind == CodecKind.KRYO ? CodecKind.JAVA : CodecKind.KRYO;
        byte[] written = codec(kind).encode(SESSION, "cart", new ArrayList<>(List.of("tea")));

        assertThat(codec(other).decode(SESSION, "cart", written, LOADER)).isEqualTo(List.of("tea"));
    }

    @Test
    void decodeWhenKryoIsSmallerThanJavaThenEnvelopeIsThreeBytes() {
        byte[] kryo = codec(CodecKind.KRYO).encode(SESSION, "n", 7);

        assertThat(kryo[0]).isEqualTo((byte) 1);
        assertThat(kryo[1]).isEqualTo((byte) 1);
        assertThat(kryo[2]).isZero();
        assertThat(kryo.length).isLessThan(codec(CodecKind.JAVA).encode(SESSION, "n", 7).length);
    }

    @Test
    void decodeWhenBytesAreNotAnEnvelopeThenUnsupportedFormat() {
        ValueCodec codec = codec(CodecKind.KRYO);

        assertThatThrownBy(() -> codec.decode(SESSION, "a", new byte[] {9, 1, 0, 1}, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
        assertThatThrownBy(() -> codec.decode(SESSION, "a", new byte[] {1, 7, 0, 1}, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
        assertThatThrownBy(() -> codec.decode(SESSION, "a", new byte[] {1, 1, 0, 99, 99, 99}, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    }

    @Test
    void decodeWhenJavaStreamIsCorruptThenMessageNamesTheFailureNotTheBytes() {
        // Regression (issue 2): StreamCorruptedException's message quotes the stored bytes in hex.
        byte[] stored = {1, 2, 0, (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 5};

        assertThatThrownBy(() -> codec(CodecKind.JAVA).decode(SESSION, "cart", stored, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessage("attribute 'cart' can't be decoded: CORRUPT: Java serialization failed: "
                        + "java.io.StreamCorruptedException");
    }

    @Test
    void decodeWhenJavaStreamIsDeeperThanTheLimitThenRefusedAsNotAllowed() {
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        ValueCodec codec = codec(CodecKind.JAVA);
        byte[] stored = codec.encode(SESSION, "deep", deep);

        assertThatThrownBy(() -> codec.decode(SESSION, "deep", stored, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CLASS_NOT_ALLOWED))
                .hasMessage("attribute 'deep' can't be decoded: CLASS_NOT_ALLOWED: "
                        + "the stream breaks the allow-list or the depth, reference or array limits");
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenClassIsGoneAfterADeployThenMessageNamesTheClass(CodecKind kind) throws Exception {
        CompiledClasses classes = CompiledClasses.compile(Map.of("gone.Widget", """
                package gone;
                public class Widget implements java.io.Serializable {
                    private static final long serialVersionUID = 1L;
                    public String label = "w";
                    public Widget() { }
                }
                """));
        ValueCodec codec = ValueCodec.create(kind, AllowList.create(List.of("gone."), n -> false), List.of());
        Object widget = Class.forName("gone.Widget", true, classes.newLoader()).getDeclaredConstructor()
                .newInstance();
        byte[] stored = codec.encode(SESSION, "widget", widget);

        assertThatThrownBy(() -> codec.decode(SESSION, "widget", stored, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CLASS_NOT_FOUND);
                    assertThat(e.className()).isEqualTo("gone.Widget");
                })
                .hasMessage("attribute 'widget' (class gone.Widget) can't be decoded: CLASS_NOT_FOUND: "
                        + "the class is not on this node's class path");
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenStoredClassNameHasALineBreakThenMessageDoesNotEchoIt(CodecKind kind) {
        ValueCodec codec = codec(kind);
        byte[] stored = codec.encode(SESSION, "profile", new Profile("ada"));
        String text = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
        int dot = text.indexOf("codec.ValueCodecTest") + "codec".length();
        stored[dot] = '\n';

        assertThatThrownBy(() -> codec.decode(SESSION, "profile", stored, LOADER))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CLASS_NOT_ALLOWED))
                .hasMessage("attribute 'profile' (class (malformed class name)) can't be decoded: CLASS_NOT_ALLOWED: "
                        + "the class is outside the allow-list and was not loaded");
    }

    @Test
    void kryoRegisteredClassesWhenReadByIdThenAllAreInTheBuiltInAllowList() {
        // Classes written as an ID are read without the allow-list's name check.
        AllowList builtInOnly = AllowList.create(List.of(), n -> false);

        assertThat(KryoCodec.REGISTERED).allSatisfy(type -> assertThat(builtInOnly.allows(type.getName()))
                .as(type.getName()).isTrue());
    }

    @Test
    void kryoRegisteredClassesWhenListedThenTheirOrderIsPinnedAsStoredIds() {
        // The position in the list is the ID in stored values: reordering would misread every stored session.
        assertThat(KryoCodec.REGISTERED).extracting(Class::getName).containsExactly("java.util.ArrayList",
                "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
                "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.math.BigDecimal",
                "java.math.BigInteger", "java.util.UUID", "java.util.Date", "java.time.Instant", "java.time.LocalDate",
                "java.time.LocalDateTime", "java.time.Duration", "java.util.Locale", "[I", "[J", "[B",
                "[Ljava.lang.String;", "[Ljava.lang.Object;");
        byte[] stored = codec(CodecKind.KRYO).encode(SESSION, "list", new ArrayList<>());
        assertThat(stored[3]).as("ArrayList is ID 20, written as 20 + 2").isEqualTo((byte) 22);
    }

    @Test
    void encodeWhenKryoValueIsSmallerThanItsClassNameThenRegisteredClassIsWrittenAsAnId() {
        byte[] stored = codec(CodecKind.KRYO).encode(SESSION, "list", new ArrayList<>(List.of(1)));

        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ArrayList");
        assertThat(roundTrip(codec(CodecKind.KRYO), new ArrayList<>(List.of(1)))).isEqualTo(List.of(1));
    }

    @Test
    void encodeWhenKryoValueOutgrewThePooledBufferThenLaterValuesStillRoundTrip() {
        ValueCodec codec = codec(CodecKind.KRYO);
        byte[] large = new byte[200_000];
        Arrays.fill(large, (byte) 7);

        assertThat((byte[]) roundTrip(codec, large)).isEqualTo(large);
        assertThat(roundTrip(codec, new ArrayList<>(List.of("small")))).isEqualTo(List.of("small"));
    }

    @Test
    void isImmutableValueWhenJdkValueTypeThenTrueAndForCollectionsFalse() {
        assertThat(ValueCodec.isImmutableValue("s")).isTrue();
        assertThat(ValueCodec.isImmutableValue(1)).isTrue();
        assertThat(ValueCodec.isImmutableValue(Instant.now())).isTrue();
        assertThat(ValueCodec.isImmutableValue(TimeUnit.SECONDS)).isTrue();
        assertThat(ValueCodec.isImmutableValue(new ArrayList<>())).isFalse();
        assertThat(ValueCodec.isImmutableValue(new Profile("x"))).isFalse();
        assertThat(ValueCodec.isImmutableValue(new int[0])).isFalse();
    }

    @Test
    void encryptionKeyWhenUsedThenCodecBindsSessionId() {
        ValueCodec encrypting = ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of(), n -> false),
                List.of(new EncryptionKey("k1", new byte[32])));

        assertThat(encrypting.bindsSessionId()).isTrue();
        assertThat(codec(CodecKind.KRYO).bindsSessionId()).isFalse();
    }
}
