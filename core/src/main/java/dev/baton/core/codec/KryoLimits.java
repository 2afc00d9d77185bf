/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bounds what Kryo allocates while decoding by the size of the stored value: every element count a value announces
 * (of a collection Kryo pre-sizes, a map, an array, a string's characters) is charged to a budget of the stored
 * length, since each element takes at least one stored byte; a value announcing more elements than it has bytes left
 * fails before anything is allocated for them. Nesting is bounded by {@link #MAX_DEPTH}.
 */
final class KryoLimits {

    /** The deepest nesting of objects a value may have, written or read. */
    static final int MAX_DEPTH = 64;

    private KryoLimits() {
    }

    /** What the value being decoded may still announce: its stored length, less what was announced so far. */
    static final class Budget {
        private long left;

        void reset(int storedLength) {
            left = storedLength;
        }

        void charge(long elements) {
            if (elements < 0 || elements > left) {
                throw new KryoException("the value announces " + elements + " elements with at most " + left
                        + " stored bytes left for them");
            }
            left -= elements;
        }
    }

    /** The budget of the value a Kryo instance is decoding. */
    static Budget budget(Kryo kryo) {
        return (Budget) kryo.getContext().get(Budget.class);
    }

    /**
     * Bounds a Kryo instance: its depth, its budget (reset by {@link Budget#reset} before each decode), and the
     * serializers of the types whose announced sizes it would allocate for.
     */
    static Budget install(Kryo kryo) {
        Budget budget = new Budget();
        kryo.getContext().put(Budget.class, budget);
        kryo.setMaxDepth(MAX_DEPTH);
        kryo.register(String.class, new Strings());
        kryo.addDefaultSerializer(Locale.class, new Locales());
        kryo.addDefaultSerializer(URI.class, new Uris());
        kryo.addDefaultSerializer(Currency.class, new Currencies());
        kryo.addDefaultSerializer(Arrays.asList().getClass(), new Presized());
        Serializer<?> immutableList = new ImmutableList();
        for (Class<?> type : List.of(List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
                List.of(1, 2, 3).subList(0, 2).getClass())) {
            kryo.addDefaultSerializer(type, immutableList);
        }
        return budget;
    }

    /**
     * Wraps the serializer of an array type, {@code BigInteger}, {@code BigDecimal} or {@code BitSet}, whose stored
     * form starts with its length (plus one where 0 is null), so that the length is charged before the array is
     * allocated.
     */
    static Serializer<?> bounded(Class<?> type, Serializer<?> serializer) {
        if (type == String[].class) {
            return new StringArrays();
        }
        if (serializer.getClass() == CollectionSerializer.class) {
            return new Presized();
        }
        if (serializer.getClass() == MapSerializer.class) {
            return new PresizedMap();
        }
        if (type.isArray() || type == BigInteger.class || type == BigDecimal.class) {
            return new LengthFirst<>(serializer, 1);
        }
        if (type == BitSet.class) {
            return new LengthFirst<>(serializer, 0);
        }
        return serializer;
    }

    /**
     * Whether {@code serializer} is one of the collection and map serializers {@link #bounded} and {@link #install}
     * put in place of Kryo's own, which write a size and the entries, nothing else.
     */
    static boolean writesSizeAndEntriesOnly(Serializer<?> serializer) {
        return serializer instanceof Presized || serializer instanceof PresizedMap || serializer instanceof ImmutableList;
    }

    /**
     * The varint at the input's position, read without moving it; 0 when it is not all there (the read that follows
     * then fails on its own).
     */
    private static long peekVarInt(Input input, boolean flagged) {
        input.canReadVarInt();
        return peekVarInt(input.getBuffer(), input.position(), input.limit(), flagged);
    }

    private static int peekVarInt(byte[] buffer, int position, int limit, boolean flagged) {
        int p = position;
        if (p >= limit) {
            return 0;
        }
        // As Kryo reads it: at most 5 bytes, the fifth taken whatever its top bit, in int arithmetic.
        int b = buffer[p++];
        int result = flagged ? b & 0x3F : b & 0x7F;
        boolean more = flagged ? (b & 0x40) != 0 : (b & 0x80) != 0;
        int shift = flagged ? 6 : 7;
        for (int i = 1; more && i < 5; i++, shift += 7) {
            if (p >= limit) {
                return 0;
            }
            b = buffer[p++];
            result |= (b & 0x7F) << shift;
            more = (b & 0x80) != 0;
        }
        return result;
    }

    /**
     * Charges the class name a class resolver is about to read (a varint name ID, then the name as a string) when
     * its length is in the input's buffer: always for a value's own bytes, and within a field's chunk for the first
     * 9 bytes.
     */
    static void chargeClassName(Kryo kryo, Input input) {
        input.canReadVarLong();
        byte[] buffer = input.getBuffer();
        int p = input.position();
        int limit = input.limit();
        for (int i = 0; i < 4 && p < limit && (buffer[p] & 0x80) != 0; i++) {
            p++;
        }
        p++;
        if (p < limit && (buffer[p] & 0x80) != 0) {
            budget(kryo).charge(Math.max(0, peekVarInt(buffer, p, limit, true) - 1));
        }
    }

    /** A serializer whose stored form starts with a length; charges it before the delegate reads. */
    private static final class LengthFirst<T> extends Serializer<T> {
        private final Serializer<T> delegate;
        private final int nullSlot;

        @SuppressWarnings("unchecked")
        LengthFirst(Serializer<?> delegate, int nullSlot) {
            this.delegate = (Serializer<T>) delegate;
            this.nullSlot = nullSlot;
        }

        @Override
        public void write(Kryo kryo, Output output, T object) {
            delegate.write(kryo, output, object);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            budget(kryo).charge(Math.max(0, peekVarInt(input, false) - nullSlot));
            return delegate.read(kryo, input, type);
        }
    }

    /** Strings: a UTF-8 string's stored form starts with its character count, charged before Kryo sizes a buffer. */
    private static final class Strings extends Serializer<String> {
        Strings() {
            setImmutable(true);
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output output, String object) {
            output.writeString(object);
        }

        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            return string(kryo, input);
        }
    }

    /** {@link Input#readString()}, a UTF-8 string's character count charged first. */
    private static String string(Kryo kryo, Input input) {
        if (input.readVarIntFlag()) {
            budget(kryo).charge(Math.max(0, peekVarInt(input, true) - 1));
        }
        return input.readString();
    }

    /**
     * Kryo's {@code String[]} serializer, the length and each string charged. Strings are not reference-tracked
     * here ({@link KryoCodec}), so Kryo writes them one after the other.
     */
    private static final class StringArrays extends DefaultArraySerializers.StringArraySerializer {
        @Override
        public String[] read(Kryo kryo, Input input, Class type) {
            int length = input.readVarInt(true);
            if (length == 0) {
                return null;
            }
            budget(kryo).charge(length - 1L);
            String[] array = new String[length - 1];
            for (int i = 0; i < array.length; i++) {
                array[i] = string(kryo, input);
            }
            return array;
        }
    }

    /** Kryo's {@code Locale} serializer: three strings, each charged. */
    private static final class Locales extends DefaultSerializers.LocaleSerializer {
        @Override
        public Locale read(Kryo kryo, Input input, Class<? extends Locale> type) {
            return create(string(kryo, input), string(kryo, input), string(kryo, input));
        }
    }

    /** Kryo's {@code URI} serializer: one string, charged. */
    private static final class Uris extends DefaultSerializers.URISerializer {
        @Override
        public URI read(Kryo kryo, Input input, Class<? extends URI> type) {
            try {
                return new URI(string(kryo, input));
            } catch (URISyntaxException e) {
                throw new KryoException("not a URI");
            }
        }
    }

    /** Kryo's {@code Currency} serializer: one string, charged. */
    private static final class Currencies extends DefaultSerializers.CurrencySerializer {
        @Override
        public Currency read(Kryo kryo, Input input, Class<? extends Currency> type) {
            String code = string(kryo, input);
            return code == null ? null : Currency.getInstance(code);
        }
    }

    /**
     * Kryo's collection serializer, charging the size read before it pre-sizes an {@code ArrayList} or adds that
     * many {@code null}s (its form for a collection of nulls only).
     */
    private static final class Presized extends CollectionSerializer<java.util.Collection<Object>> {
        @Override
        protected java.util.Collection<Object> create(Kryo kryo, Input input,
                Class<? extends java.util.Collection<Object>> type, int size) {
            budget(kryo).charge(size);
            return type == Arrays.asList().getClass() ? new ArrayList<>(size) : super.create(kryo, input, type, size);
        }
    }

    /** Kryo's map serializer, charging the size it pre-sizes a {@code HashMap} with. */
    private static final class PresizedMap extends MapSerializer<Map<Object, Object>> {
        @Override
        protected Map<Object, Object> create(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type,
                int size) {
            budget(kryo).charge(size);
            return super.create(kryo, input, type, size);
        }
    }

    /** {@code List.of(...)}: the stored form of Kryo's own serializer for it, with the size charged. */
    private static final class ImmutableList extends CollectionSerializer<List<Object>> {
        ImmutableList() {
            setElementsCanBeNull(false);
        }

        @Override
        protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
            budget(kryo).charge(size);
            return new ArrayList<>(size);
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            List<Object> list = super.read(kryo, input, type);
            return list == null ? null : List.of(list.toArray());
        }
    }
}
