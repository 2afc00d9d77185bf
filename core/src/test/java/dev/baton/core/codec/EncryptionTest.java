/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.AttributeDecodingException;
import dev.baton.core.AttributeDecodingException.Reason;
import dev.baton.core.CodecKind;
import dev.baton.core.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AES-256-GCM with the session ID and the attribute name bound in: tampered, moved and unknown-key values are
 * refused before any byte reaches a decoder (the payload here names a class whose loading the test watches).
 */
class EncryptionTest {

    private static final String SESSION = "a".repeat(43);
    private static final String OTHER_SESSION = "b".repeat(43);
    private static final EncryptionKey OLD = new EncryptionKey("old", filled(1));
    private static final EncryptionKey NEW = new EncryptionKey("new", filled(2));
    private static final CompiledClasses CLASSES = CompiledClasses.compile(Map.of("watched.Value", """
            package watched;
            public class Value implements java.io.Serializable {
                private static final long serialVersionUID = 1L;
                public String text = "secret";
                public Value() { }
            }
            """));

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    private static ValueCodec codec(EncryptionKey... keys) {
        return ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of("watched."), n -> false), List.of(keys));
    }

    private static byte[] encryptedWatchedValue(ValueCodec codec) throws Exception {
        Object value = Class.forName("watched.Value", true, CLASSES.newLoader()).getDeclaredConstructor()
                .newInstance();
        return codec.encode(SESSION, "v", value);
    }

    private static void assertRefused(ValueCodec codec, String session, String attribute, byte[] bytes,
            Reason reason) {
        CompiledClasses.RecordingLoader loader = CLASSES.newLoader();
        assertThatThrownBy(() -> codec.decode(session, attribute, bytes, loader))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(loader.requested).as("the decoder was never reached").doesNotContain("watched.Value");
    }

    @Test
    void decodeWhenEncryptedThenRoundTripsAndPlaintextIsHidden() {
        ValueCodec codec = codec(NEW);
        byte[] bytes = codec.encode(SESSION, "cart", new ArrayList<>(List.of("tea-with-a-long-name")));

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("tea-with-a-long-name");
        assertThat(codec.decode(SESSION, "cart", bytes, getClass().getClassLoader()))
                .isEqualTo(List.of("tea-with-a-long-name"));
    }

    @Test
    void decodeWhenAnyBitFlippedThenAuthenticationFailsBeforeDecoding() throws Exception {
        ValueCodec codec = codec(NEW);
        byte[] good = encryptedWatchedValue(codec);
        for (int i = 0; i < good.length; i++) {
            byte[] tampered = good.clone();
            tampered[i] ^= 0x10;
            CompiledClasses.RecordingLoader loader = CLASSES.newLoader();
            assertThatThrownBy(() -> codec.decode(SESSION, "v", tampered, loader)).as("flip at byte " + i)
                    .isInstanceOf(AttributeDecodingException.class);
            assertThat(loader.requested).doesNotContain("watched.Value");
        }
    }

    @Test
    void decodeWhenValueMovedToAnotherSessionOrAttributeThenRefused() throws Exception {
        ValueCodec codec = codec(NEW);
        byte[] bytes = encryptedWatchedValue(codec);

        assertRefused(codec, OTHER_SESSION, "v", bytes, Reason.AUTHENTICATION_FAILED);
        assertRefused(codec, SESSION, "role", bytes, Reason.AUTHENTICATION_FAILED);
        assertThat(codec.decode(SESSION, "v", bytes, CLASSES.newLoader()).getClass().getName())
                .isEqualTo("watched.Value");
    }

    @Test
    void decodeWhenKeyIdUnknownThenRefused() throws Exception {
        byte[] bytes = encryptedWatchedValue(codec(OLD));

        assertRefused(codec(NEW), SESSION, "v", bytes, Reason.UNKNOWN_KEY);
    }

    @Test
    void decodeWhenKeyIdUnknownThenMessageNamesTheKey() {
        byte[] bytes = codec(OLD).encode(SESSION, "n", 41);

        assertThatThrownBy(() -> codec(NEW).decode(SESSION, "n", bytes, getClass().getClassLoader()))
                .hasMessage("attribute 'n' can't be decoded: UNKNOWN_KEY: encrypted with key 'old', which is not "
                        + "in encryptionKeys");
    }

    @Test
    void decodeWhenStoredKeyIdIsMalformedThenMessageDoesNotEchoIt() {
        byte[] bytes = codec(OLD).encode(SESSION, "n", 41);
        bytes[4] = '\n';

        assertThatThrownBy(() -> codec(NEW).decode(SESSION, "n", bytes, getClass().getClassLoader()))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY))
                .hasMessage("attribute 'n' can't be decoded: UNKNOWN_KEY: encrypted with a malformed key ID, which "
                        + "is not in encryptionKeys");
    }

    @Test
    void encodeUnsealedWhenSameValueThenSameBytesWhileEachSealingDiffers() {
        ValueCodec codec = codec(NEW);
        byte[] unsealed = codec.encodeUnsealed("cart", new ArrayList<>(List.of("tea")));
        byte[] first = codec.seal(SESSION, "cart", unsealed);
        byte[] second = codec.seal(SESSION, "cart", unsealed);

        assertThat(codec.encodeUnsealed("cart", new ArrayList<>(List.of("tea")))).isEqualTo(unsealed);
        assertThat(first).isNotEqualTo(second);
        assertThat(codec.unseal(SESSION, "cart", first)).isEqualTo(unsealed);
        assertThat(codec.unseal(SESSION, "cart", second)).isEqualTo(unsealed);
        assertThat(codec.decodeUnsealed("cart", unsealed, getClass().getClassLoader())).isEqualTo(List.of("tea"));
    }

    @Test
    void decodeWhenEncryptionOnAndValueIsPlainThenRefused() throws Exception {
        byte[] plain = encryptedWatchedValue(codec());

        assertRefused(codec(NEW), SESSION, "v", plain, Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void encodeWhenKeysRotatedThenOldValuesReadAndNewValuesUseTheFirstKey() {
        byte[] before = codec(OLD).encode(SESSION, "n", 41);
        ValueCodec rotated = codec(NEW, OLD);

        assertThat(rotated.decode(SESSION, "n", before, getClass().getClassLoader())).isEqualTo(41);
        byte[] after = rotated.encode(SESSION, "n", 42);
        assertThat(new String(after, 4, after[3], StandardCharsets.US_ASCII)).isEqualTo("new");
        assertThat(codec(NEW).decode(SESSION, "n", after, getClass().getClassLoader())).isEqualTo(42);
        assertThatThrownBy(() -> codec(NEW).decode(SESSION, "n", before, getClass().getClassLoader()))
                .isInstanceOfSatisfying(AttributeDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }
}
