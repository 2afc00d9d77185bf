package dev.baton.core.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
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
        kryo.addDefaultSerializer(ArrayList.class, new Presized());
        kryo.addDefaultSerializer(HashMap.class, new PresizedMap());
        kryo.addDefaultSerializer(Arrays.asList().getClass(), new Presized());
        Serializer<?> immutableList = new ImmutableList();
        for (Class<?> type : List.of(List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
                List.of(1, 2, 3).subList(0, 2).getClass())) {
            kryo.addDefaultSerializer(type, immutableList);
        }
        return budget;
    }

    /**
     * Wraps the serializer of an array type or {@code BitSet}, whose stored form starts with its length (plus one
     * for arrays, where 0 is null), so that the length is charged before the array is allocated.
     */
    static Serializer<?> bounded(Class<?> type, Serializer<?> serializer) {
        if (type.isArray()) {
            return new LengthFirst<>(serializer, 1);
        }
        if (type == BitSet.class) {
            return new LengthFirst<>(serializer, 0);
        }
        return serializer;
    }

    /**
     * The varint at the input's position, read without moving it; 0 when it is not all there (the read that follows
     * then fails on its own).
     */
    private static long peekVarInt(Input input, boolean flagged) {
        input.canReadVarInt();
        byte[] buffer = input.getBuffer();
        int p = input.position();
        int limit = input.limit();
        if (p >= limit) {
            return 0;
        }
        int b = buffer[p++];
        long result = flagged ? b & 0x3F : b & 0x7F;
        boolean more = flagged ? (b & 0x40) != 0 : (b & 0x80) != 0;
        for (int shift = flagged ? 6 : 7; more; shift += 7) {
            if (p >= limit || shift > 35) {
                return 0;
            }
            b = buffer[p++];
            result |= (long) (b & 0x7F) << shift;
            more = (b & 0x80) != 0;
        }
        return result;
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
            if (input.readVarIntFlag()) {
                budget(kryo).charge(Math.max(0, peekVarInt(input, true) - 1));
            }
            return input.readString();
        }
    }

    /** Kryo's collection serializer, charging the size it pre-sizes {@code ArrayList}s with. */
    private static final class Presized extends CollectionSerializer<java.util.Collection<Object>> {
        @Override
        protected java.util.Collection<Object> create(Kryo kryo, Input input,
                Class<? extends java.util.Collection<Object>> type, int size) {
            budget(kryo).charge(size);
            return type == Arrays.asList().getClass() ? new ArrayList<>(size) : super.create(kryo, input, type, size);
        }
    }

    /** Kryo's map serializer, charging the size it pre-sizes {@code HashMap}s with. */
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
