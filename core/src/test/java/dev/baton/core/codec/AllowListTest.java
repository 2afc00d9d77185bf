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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Bytes that name a class outside the allow-list are refused before the class is loaded: the web app's loader is
 * never asked for it and its static initialiser never runs. The bytes are made by encoding a harmless class and
 * renaming it in place, so that the dangerous class is never touched by the test itself.
 */
class AllowListTest {

    private static final String SESSION = "s".repeat(43);
    private static final String FLAG = "gadget.initialised";
    private static final String BODY = """
            package gadget;
            public class %s implements java.io.Serializable {
                private static final long serialVersionUID = 1L;
                static { %s }
                public String payload = "p";
                public %s() { }
            }
            """;
    /** Allowed holders of any value: one Kryo writes field by field, one it writes in its Java serial form. */
    private static final String HOLDER = """
            package gadget;
            public class %s implements java.io.Serializable {
                private static final long serialVersionUID = 1L;
                public Object payload;
                public %s() { }
                %s
            }
            """;
    private static final CompiledClasses CLASSES = CompiledClasses.compile(Map.of(
            "gadget.Harmless0", String.format(BODY, "Harmless0", "", "Harmless0"),
            "gadget.Dangerous", String.format(BODY, "Dangerous", "System.setProperty(\"" + FLAG + "\", \"yes\");",
                    "Dangerous"),
            "gadget.Holder", String.format(HOLDER, "Holder", "Holder", ""),
            "gadget.HookedHolder", String.format(HOLDER, "HookedHolder", "HookedHolder", """
                    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
                        out.defaultWriteObject();
                    }
                    """)));

    @AfterEach
    void clearFlag() {
        System.clearProperty(FLAG);
    }

    /** Encodes a Harmless0 and renames it to Dangerous in the bytes (same length; Kryo's end-of-string bit kept). */
    private static byte[] dangerousBytes(CodecKind kind) throws Exception {
        return dangerousBytes(kind, null);
    }

    /** {@link #dangerousBytes(CodecKind)}, the Harmless0 held by a new instance of {@code holder} when not null. */
    private static byte[] dangerousBytes(CodecKind kind, String holder) throws Exception {
        ClassLoader loader = CLASSES.newLoader();
        Object harmless = Class.forName("gadget.Harmless0", true, loader).getDeclaredConstructor().newInstance();
        Object value = harmless;
        if (holder != null) {
            value = Class.forName(holder, true, loader).getDeclaredConstructor().newInstance();
            value.getClass().getField("payload").set(value, harmless);
        }
        byte[] bytes = ValueCodec.create(kind, AllowList.create(List.of("gadget."), n -> false), List.of())
                .encode(SESSION, "a", value);
        byte[] from = "Harmless0".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "Dangerous".getBytes(StandardCharsets.US_ASCII);
        int replaced = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < from.length && match; j++) {
                match = (bytes[i + j] & 0x7f) == from[j];
            }
            if (match) {
                for (int j = 0; j < from.length; j++) {
                    bytes[i + j] = (byte) ((bytes[i + j] & 0x80) | to[j]);
                }
                replaced++;
            }
        }
        assertThat(replaced).as("class name found in the " + kind + " bytes").isPositive();
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenBytesNameClassOutsideAllowListThenRefusedWithoutLoadingIt(CodecKind kind) throws Exception {
        byte[] bytes = dangerousBytes(kind);
        CompiledClasses.RecordingLoader loader = CLASSES.newLoader();
        ValueCodec strict = ValueCodec.create(kind, AllowList.create(List.of("gadget.Harmless0"), n -> false),
                List.of());

        assertThatThrownBy(() -> strict.decode(SESSION, "a", bytes, loader))
                .isInstanceOfSatisfying(AttributeDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CLASS_NOT_ALLOWED);
                    assertThat(e.className()).isEqualTo("gadget.Dangerous");
                    assertThat(e.getMessage()).contains("attribute 'a'").doesNotContain(SESSION);
                });
        assertThat(loader.requested).doesNotContain("gadget.Dangerous");
        assertThat(System.getProperty(FLAG)).isNull();
    }

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenSameBytesAndClassAllowedThenItLoadsAndInitialises(CodecKind kind) throws Exception {
        byte[] bytes = dangerousBytes(kind);
        CompiledClasses.RecordingLoader loader = CLASSES.newLoader();
        ValueCodec permissive = ValueCodec.create(kind, AllowList.create(List.of("gadget."), n -> false), List.of());

        Object value = permissive.decode(SESSION, "a", bytes, loader);

        assertThat(value.getClass().getName()).isEqualTo("gadget.Dangerous");
        assertThat(loader.requested).contains("gadget.Dangerous");
        assertThat(System.getProperty(FLAG)).isEqualTo("yes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gadget.Holder", "gadget.HookedHolder"})
    void decodeWhenAllowedKryoValueHoldsAClassOutsideAllowListThenRefusedWithoutLoadingIt(String holder)
            throws Exception {
        // HookedHolder is written in its Java serial form inside the Kryo stream: the same filter guards it.
        byte[] bytes = dangerousBytes(CodecKind.KRYO, holder);
        CompiledClasses.RecordingLoader loader = CLASSES.newLoader();
        ValueCodec strict = ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of(holder, "gadget.Harmless0"),
                n -> false), List.of());

        assertThatThrownBy(() -> strict.decode(SESSION, "a", bytes, loader))
                .isInstanceOfSatisfying(AttributeDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CLASS_NOT_ALLOWED);
                    assertThat(e.className()).isEqualTo("gadget.Dangerous");
                    assertThat(e.getMessage()).contains("attribute 'a'");
                });
        assertThat(loader.requested).contains(holder).doesNotContain("gadget.Dangerous");
        assertThat(System.getProperty(FLAG)).isNull();
        assertThat(bytes[1]).as("codec byte").isEqualTo(holder.equals("gadget.HookedHolder") ? (byte) 3 : (byte) 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gadget.Holder", "gadget.HookedHolder"})
    void encodeWhenAllowedKryoValueHoldsAClassOutsideAllowListThenRefusedNamingIt(String holder) throws Exception {
        ClassLoader loader = CLASSES.newLoader();
        Object value = Class.forName(holder, true, loader).getDeclaredConstructor().newInstance();
        value.getClass().getField("payload").set(value,
                Class.forName("gadget.Harmless0", true, loader).getDeclaredConstructor().newInstance());
        ValueCodec strict = ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of(holder), n -> false),
                List.of());

        assertThatThrownBy(() -> strict.encode(SESSION, "a", value))
                .isInstanceOf(AttributeEncodingException.class)
                .hasMessage("setAttribute: attribute 'a' can't be stored: outside the allow-list; add it or its"
                        + " package to allowedClasses (class gadget.Harmless0)");
    }

    @Test
    void allowsWhenNamesAreCheckedThenOnlyBuiltInsConfiguredAndAppClassesPass() {
        AllowList list = AllowList.create(List.of("com.shop.", "org.example.Cart"), n -> n.startsWith("app."));

        assertThat(list.allows("java.lang.String")).isTrue();
        assertThat(list.allows("java.util.ImmutableCollections$ListN")).isTrue();
        assertThat(list.allows("java.time.Instant")).isTrue();
        assertThat(list.allows("[Ljava.lang.String;")).isTrue();
        assertThat(list.allows("[[I")).isTrue();
        assertThat(list.allows("com.shop.model.Line")).isTrue();
        assertThat(list.allows("org.example.Cart")).isTrue();
        assertThat(list.allows("org.example.Cart$Line")).isTrue();
        assertThat(list.allows("app.Thing")).isTrue();
        assertThat(list.allows("org.example.CartGadget")).isFalse();
        assertThat(list.allows("com.shopping.X")).isFalse();
        assertThat(list.allows("java.lang.Runtime")).isFalse();
        assertThat(list.allows("java.lang.ProcessBuilder")).isFalse();
        assertThat(list.allows("javax.management.BadAttributeValueExpException")).isFalse();
        assertThat(list.allows("org.apache.commons.collections.functors.InvokerTransformer")).isFalse();
        assertThat(list.allows("[Lorg.apache.Evil;")).isFalse();
        assertThat(list.allows("org.springframework.security.core.userdetails.User$AuthorityComparator")).isTrue();
        assertThat(list.allows("org.springframework.security.core.userdetails.UserDetailsService")).isFalse();
        assertThat(list.allows("org.springframework.beans.factory.ObjectFactory")).isFalse();
        assertThat(list.allows("")).isFalse();
    }
}
