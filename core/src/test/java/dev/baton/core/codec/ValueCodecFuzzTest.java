/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.baton.core.AttributeDecodingException;
import dev.baton.core.CodecKind;
import dev.baton.core.EncryptionKey;
import java.util.List;

/**
 * Fuzzes everything that reads stored bytes: the envelope, decryption, and Kryo and Java decoding under the
 * allow-list (issue 18). The only failure a decoder may raise is {@link AttributeDecodingException}, and decoding
 * N bytes allocates less than {@link DecodeBoundsTest#allocationBound(int)}. Runs over the seeds in
 * {@code ValueCodecFuzzTestInputs/<method>/} in every build; fuzzes with {@code JAZZER_FUZZ=1}
 * (docs/security.md).
 */
class ValueCodecFuzzTest {

    private static final ClassLoader LOADER = ValueCodecFuzzTest.class.getClassLoader();
    private static final AllowList ALLOW_LIST = AllowList.create(List.of("dev.baton.core.codec."), n -> false);
    private static final ValueCodec KRYO = ValueCodec.create(CodecKind.KRYO, ALLOW_LIST, List.of());
    private static final ValueCodec JAVA = ValueCodec.create(CodecKind.JAVA, ALLOW_LIST, List.of());
    private static final ValueCodec ENCRYPTED = ValueCodec.create(CodecKind.KRYO, ALLOW_LIST,
            List.of(new EncryptionKey("k1", new byte[32])));

    static {
        for (ValueCodec codec : List.of(KRYO, JAVA, ENCRYPTED)) {
            codec.decode("s", "attr", codec.encode("s", "attr", new java.util.ArrayList<>(List.of("warm", 1))),
                    LOADER);
            decodeWithinBounds(codec, new byte[] {1, 1, 0});
            decodeWithinBounds(codec, new byte[] {1, 2, 0});
        }
    }

    private static void decodeWithinBounds(ValueCodec codec, byte[] stored) {
        long allocated = DecodeBoundsTest.allocatedBy(() -> {
            try {
                codec.decode("s", "attr", stored, LOADER);
            } catch (AttributeDecodingException expected) {
                assertThat(expected.getMessage()).doesNotContain("\n");
            }
        });
        assertThat(allocated).as("bytes allocated decoding %d stored bytes", stored.length)
                .isLessThan(DecodeBoundsTest.allocationBound(stored.length));
    }

    private static byte[] envelope(int codec, byte[] data) {
        byte[] stored = new byte[data.length + 3];
        stored[0] = 1;
        stored[1] = (byte) codec;
        System.arraycopy(data, 0, stored, 3, data.length);
        return stored;
    }

    @FuzzTest(maxDuration = "20s")
    void decodeKryo(byte[] data) {
        decodeWithinBounds(KRYO, envelope(1, data));
    }

    @FuzzTest(maxDuration = "20s")
    void decodeJava(byte[] data) {
        decodeWithinBounds(JAVA, envelope(2, data));
    }

    @FuzzTest(maxDuration = "10s")
    void decodeAnyEnvelope(byte[] stored) {
        decodeWithinBounds(KRYO, stored);
        decodeWithinBounds(ENCRYPTED, stored);
    }
}
