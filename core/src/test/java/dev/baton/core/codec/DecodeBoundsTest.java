/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import dev.baton.core.AttributeDecodingException;
import dev.baton.core.CodecKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 18, item 4): a few crafted bytes announcing a huge collection, string or array, or a deep
 * nesting, made decoding throw {@link OutOfMemoryError} or {@link StackOverflowError} (a 500) or allocate hundreds
 * of megabytes. Decoding is bounded in depth and, in allocation, by the stored size; such a value fails as one
 * attribute.
 */
class DecodeBoundsTest {

    private static final ClassLoader LOADER = DecodeBoundsTest.class.getClassLoader();
    /** Registered IDs as Kryo writes them (ID + 2): String, ArrayList, byte[], Object[]. */
    private static final int STRING = 1 + 2;
    private static final int ARRAY_LIST = 20 + 2;
    private static final int BYTE_ARRAY = 20 + KryoCodec.REGISTERED.indexOf(byte[].class) + 2;
    private static final int NEW_OBJECT = 1;

    private final ValueCodec codec = ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of(), n -> false),
            List.of());

    /**
     * Bytes a decoder may allocate for an input of {@code length} stored bytes, once warm (its pools filled, its
     * classes loaded): 64 per stored byte, plus 16 MiB for what a first use of a serializer loads.
     */
    static long allocationBound(int length) {
        return 64L * length + 16 * 1024 * 1024;
    }

    static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static Output kryoValue() {
        Output out = new Output(64, -1);
        out.writeBytes(new byte[] {1, 1, 0});
        return out;
    }

    private void assertFailsWithinBound(ValueCodec codec, byte[] bytes) {
        codec.decode("s", "warm-up", codec.encode("s", "warm-up", new ArrayList<>(List.of("x"))), LOADER);
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> codec.decode("s", "attr", bytes, LOADER))
                .isInstanceOf(AttributeDecodingException.class));
        assertThat(allocated).as("bytes allocated decoding %d stored bytes", bytes.length)
                .isLessThan(allocationBound(bytes.length));
    }

    @Test
    void decodeWhenKryoCollectionAnnouncesMoreElementsThanBytesThenFailsWithoutAllocatingThem() {
        Output out = kryoValue();
        out.writeVarInt(ARRAY_LIST, true);
        out.writeVarInt(NEW_OBJECT, true);
        out.writeVarIntFlag(false, Integer.MAX_VALUE, true);

        assertFailsWithinBound(codec, out.toBytes());
    }

    @Test
    void decodeWhenKryoCollectionAnnouncesTensOfMillionsThenFailsWithoutAllocatingThem() {
        Output out = kryoValue();
        out.writeVarInt(ARRAY_LIST, true);
        out.writeVarInt(NEW_OBJECT, true);
        out.writeVarIntFlag(false, 50_000_000, true);

        assertFailsWithinBound(codec, out.toBytes());
    }

    @Test
    void decodeWhenKryoStringAnnouncesMoreCharactersThanBytesThenFailsWithoutAllocatingThem() {
        for (int count : new int[] {Integer.MAX_VALUE - 1, 100_000_000}) {
            Output out = kryoValue();
            out.writeVarInt(STRING, true);
            out.writeVarIntFlag(true, count + 1, true);
            out.writeBytes(new byte[] {(byte) 0xc3, (byte) 0xa9});

            assertFailsWithinBound(codec, out.toBytes());
        }
    }

    @Test
    void decodeWhenKryoArrayAnnouncesMoreElementsThanBytesThenFailsWithoutAllocatingThem() {
        for (int count : new int[] {Integer.MAX_VALUE - 1, 200_000_000}) {
            Output out = kryoValue();
            out.writeVarInt(BYTE_ARRAY, true);
            out.writeVarInt(NEW_OBJECT, true);
            out.writeVarInt(count + 1, true);

            assertFailsWithinBound(codec, out.toBytes());
        }
    }

    @Test
    void decodeWhenKryoNestingIsDeeperThanTheLimitThenFailsAsOneAttribute() {
        Output out = kryoValue();
        for (int i = 0; i < 100_000; i++) {
            out.writeVarInt(ARRAY_LIST, true);
            out.writeVarInt(NEW_OBJECT, true);
            out.writeVarIntFlag(false, 2, true);
        }
        out.writeVarInt(0, true);

        assertThatThrownBy(() -> codec.decode("s", "attr", out.toBytes(), LOADER))
                .isInstanceOf(AttributeDecodingException.class);
    }

    @Test
    void encodeWhenKryoNestingIsDeeperThanTheLimitThenRefusedAtSetAttribute() {
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < 1_000; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }

        assertThatThrownBy(() -> codec.encode("s", "attr", deep))
                .isInstanceOf(dev.baton.core.AttributeEncodingException.class).hasMessageContaining("depth");
    }

    @Test
    void decodeWhenKryoNestingIsWithinTheLimitThenRoundTrips() {
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < 30; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }

        assertThat(codec.decode("s", "attr", codec.encode("s", "attr", deep), LOADER)).isEqualTo(deep);
    }

    @Test
    void decodeWhenJavaArrayAnnouncesMoreElementsThanBytesThenFailsWithoutAllocatingThem() throws IOException {
        ValueCodec java = ValueCodec.create(CodecKind.JAVA, AllowList.create(List.of(), n -> false), List.of());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(new byte[] {1, 2, 0});
        try (ObjectOutputStream out = new ObjectOutputStream(stream)) {
            out.writeObject(new long[1]);
        }
        byte[] bytes = stream.toByteArray();
        int length = bytes.length - 12;
        bytes[length] = 0x03;

        assertFailsWithinBound(java, bytes);
    }

    /** The index where a value's trailing Java serial form (the Java stream runs to the value's end) starts. */
    private static int javaStreamStart(byte[] bytes) {
        for (int i = 3; i + 3 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xAC && bytes[i + 1] == (byte) 0xED && bytes[i + 2] == 0 && bytes[i + 3] == 5) {
                return i;
            }
        }
        throw new AssertionError("no Java stream in the value");
    }

    @Test
    void decodeWhenKryoValuesJavaSerialFormAnnouncesMoreBytesThanStoredThenFailsWithoutAllocatingThem() {
        byte[] bytes = codec.encode("s", "attr", new AtomicLong(5));
        int start = javaStreamStart(bytes);
        int streamLength = bytes.length - start;
        Output out = new Output(bytes.length + 8, -1);
        out.writeBytes(bytes, 0, start - (streamLength < 128 ? 1 : 2));
        out.writeVarInt(Integer.MAX_VALUE - 1, true);
        out.writeBytes(bytes, start, streamLength);

        assertFailsWithinBound(codec, out.toBytes());
    }

    @Test
    void decodeWhenKryoValuesJavaSerialFormHoldsAnArrayLongerThanItsBytesThenFailsWithoutAllocatingIt() {
        byte[] bytes = codec.encode("s", "attr", new AtomicLongArray(1));
        assertThat(javaStreamStart(bytes)).isPositive();
        bytes[bytes.length - 12] = 0x03;

        assertFailsWithinBound(codec, bytes);
    }
}
