/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import dev.baton.core.CodecKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kryo's field serializer writes each field in chunks of at most its chunk size, and allocates a buffer of that size
 * per object it writes or reads; Baton's is 128 bytes where Kryo's default, which earlier releases used, is 1024.
 * Chunks carry their length, so values written with either read back with the other.
 */
class ChunkSizeTest {

    /** A bean whose fields are longer than a chunk. */
    public static final class Letter {
        public String text;
        public String signature;
    }

    private final ValueCodec codec = ValueCodec.create(CodecKind.KRYO,
            AllowList.create(List.of(Letter.class.getName()), name -> false), List.of());

    private static Letter letter() {
        Letter letter = new Letter();
        letter.text = "Dear Ann, ".repeat(300);
        letter.signature = "B".repeat(1500);
        return letter;
    }

    @Test
    void decodeWhenFieldsWereWrittenInKryosDefaultChunksThenTheyReadBack() {
        Kryo earlier = new Kryo(new com.esotericsoftware.kryo.util.DefaultClassResolver(), new MapReferenceResolver() {
            @Override
            public boolean useReferences(Class type) {
                return super.useReferences(type) && !ValueCodec.isImmutableValueType(type);
            }
        });
        earlier.setRegistrationRequired(false);
        CompatibleFieldSerializer.CompatibleFieldSerializerConfig config =
                new CompatibleFieldSerializer.CompatibleFieldSerializerConfig();
        config.setChunkedEncoding(true);
        config.setReadUnknownFieldData(false);
        earlier.setDefaultSerializer(new SerializerFactory.CompatibleFieldSerializerFactory(config));
        Output output = new Output(64 * 1024, -1);
        output.writeBytes(new byte[] {1, 1, 0});
        earlier.writeClassAndObject(output, letter());
        byte[] stored = output.toBytes();

        Letter back = (Letter) codec.decodeUnsealed("letter", stored, getClass().getClassLoader());

        assertThat(config.getChunkSize()).isEqualTo(1024);
        assertThat(back.text).isEqualTo(letter().text);
        assertThat(back.signature).isEqualTo(letter().signature);
        assertThat(codec.encodeUnsealed("letter", back)).isNotEqualTo(stored);
    }

    @Test
    void decodeWhenFieldsLongerThanAChunkThenTheyReadBack() {
        Letter back = (Letter) codec.decodeUnsealed("letter", codec.encodeUnsealed("letter", letter()),
                getClass().getClassLoader());

        assertThat(back.signature).isEqualTo(letter().signature);
    }
}
