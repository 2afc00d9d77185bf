/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import dev.baton.core.AttributeDecodingException;
import dev.baton.core.AttributeDecodingException.Reason;
import dev.baton.core.AttributeEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objenesis.strategy.SerializingInstantiatorStrategy;

/**
 * Kryo 5, pooled (a Kryo instance is not thread-safe), with the allow-list enforced in the class resolver before any
 * class is loaded, the web app's class loader set per call, {@link CompatibleFieldSerializer} with chunked encoding as
 * the default (fields added or removed between deploys are tolerated), references on (cyclic graphs). Objects are
 * built with their no-argument constructor; a {@code Serializable} class without one is rebuilt as Java serialization
 * rebuilds it (the constructor of its first non-serializable superclass runs), and a class whose serial form is Java
 * serialization's own is written in that form ({@link SerialForms}).
 */
final class KryoCodec {

    /** A class outside the allow-list, or one that can't be stored, was met while reading or writing. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String className;
        final String why;

        Refused(String className, String why) {
            super(className, null, false, false);
            this.className = className;
            this.why = why;
        }
    }

    /** Resolves class names through the allow-list first, and forgets names resolved by another loader. */
    private static final class AllowListResolver extends DefaultClassResolver {
        private final AllowList allowList;
        private ClassLoader lastLoader;

        AllowListResolver(AllowList allowList) {
            this.allowList = allowList;
        }

        @Override
        protected Class<?> getTypeByName(String className) {
            if (!allowList.allows(className)) {
                throw new Refused(className, "outside the allow-list");
            }
            ClassLoader loader = kryo.getClassLoader();
            if (loader != lastLoader) {
                lastLoader = loader;
                if (nameToClass != null) {
                    nameToClass.clear();
                }
            }
            return super.getTypeByName(className);
        }

        @Override
        protected Registration readName(Input input) {
            KryoLimits.chargeClassName(kryo, input);
            return super.readName(input);
        }

        @Override
        protected void writeName(Output output, Class type, Registration registration) {
            String name = type.getName();
            if (!allowList.allows(name)) {
                throw new Refused(name, "outside the allow-list; add it or its package to allowedClasses");
            }
            Serializer<?> serializer = registration.getSerializer();
            if (serializer instanceof FieldSerializer && !type.isArray() && !type.isEnum()) {
                String unbuildable = SerialForms.whyUnbuildable(type);
                if (unbuildable != null) {
                    throw new Refused(name, unbuildable);
                }
            }
            super.writeName(output, type, registration);
        }
    }

    /**
     * {@code Collections.unmodifiable*} and {@code synchronized*} wrappers: written as a plain copy of their content,
     * read back wrapped again.
     */
    static final class WrapperSerializer extends Serializer<Object> {
        private final boolean synchronizedWrapper;

        WrapperSerializer(boolean synchronizedWrapper) {
            this.synchronizedWrapper = synchronizedWrapper;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void write(Kryo kryo, Output output, Object wrapper) {
            Object copy;
            if (wrapper instanceof SortedMap<?, ?> map) {
                copy = new TreeMap<>(map);
            } else if (wrapper instanceof Map<?, ?> map) {
                copy = new LinkedHashMap<>(map);
            } else if (wrapper instanceof SortedSet<?> set) {
                copy = new TreeSet<>(set);
            } else if (wrapper instanceof Set<?> set) {
                copy = new LinkedHashSet<>(set);
            } else {
                copy = new ArrayList<>((Collection) wrapper);
            }
            kryo.writeClassAndObject(output, copy);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
            Object copy = kryo.readClassAndObject(input);
            if (copy instanceof SortedMap map) {
                return synchronizedWrapper ? Collections.synchronizedSortedMap(map)
                        : Collections.unmodifiableSortedMap(map);
            }
            if (copy instanceof Map map) {
                return synchronizedWrapper ? Collections.synchronizedMap(map) : Collections.unmodifiableMap(map);
            }
            if (copy instanceof SortedSet set) {
                return synchronizedWrapper ? Collections.synchronizedSortedSet(set)
                        : Collections.unmodifiableSortedSet(set);
            }
            if (copy instanceof Set set) {
                return synchronizedWrapper ? Collections.synchronizedSet(set) : Collections.unmodifiableSet(set);
            }
            if (List.class.isAssignableFrom(type)) {
                return synchronizedWrapper ? Collections.synchronizedList((List) copy)
                        : Collections.unmodifiableList((List) copy);
            }
            return synchronizedWrapper ? Collections.synchronizedCollection((Collection) copy)
                    : Collections.unmodifiableCollection((Collection) copy);
        }
    }

    /**
     * JDK classes written as a one-byte ID instead of their name. Part of the stored format: append only, never
     * reorder or remove (an ID already in a store must keep naming the same class). Every one is in the allow-list's
     * built-in set, which a test checks, since classes read by ID skip the name check.
     */
    static final List<Class<?>> REGISTERED = List.of(java.util.ArrayList.class, java.util.LinkedList.class,
            java.util.HashMap.class, java.util.LinkedHashMap.class, java.util.TreeMap.class, java.util.HashSet.class,
            java.util.LinkedHashSet.class, java.util.TreeSet.class, java.math.BigDecimal.class,
            java.math.BigInteger.class, java.util.UUID.class, java.util.Date.class, java.time.Instant.class,
            java.time.LocalDate.class, java.time.LocalDateTime.class, java.time.Duration.class,
            java.util.Locale.class, int[].class, long[].class, byte[].class, String[].class, Object[].class);
    private static final int FIRST_REGISTERED_ID = 20;
    /** The buffer Kryo allocates per object written or read field by field (its default 1024); any size reads. */
    private static final int CHUNK_BYTES = 128;
    private static final int INITIAL_BUFFER = 4096;
    /** A pooled output buffer that grew past this is replaced after use rather than kept. */
    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];
    /** Kryo instances kept for reuse: enough for a busy node's request threads, each holding one at a time. */
    private static final int POOL_SLOTS = 64;

    /** A Kryo instance with its own buffers: none of them is thread-safe, so they are pooled together. */
    private static final class Instance {
        final Kryo kryo;
        final KryoLimits.Budget budget;
        final Output output = new Output(INITIAL_BUFFER, -1);
        final Input input = new Input();

        Instance(Kryo kryo) {
            this.kryo = kryo;
            this.budget = KryoLimits.budget(kryo);
        }
    }

    private final SlotPool<Instance> pool;
    /** What Kryo writes per class, planned with a pooled instance: {@link GraphCheck} and snapshots walk by it. */
    final ClassPlans plans;

    KryoCodec(AllowList allowList, JavaCodec java) {
        this.pool = new SlotPool<>(POOL_SLOTS, () -> new Instance(newKryo(allowList, java)));
        this.plans = new ClassPlans(allowList, type -> {
            Instance instance = pool.obtain();
            try {
                return instance.kryo.getRegistration(type);
            } finally {
                pool.free(instance);
            }
        });
    }

    /**
     * Tracks references (shared objects and cycles) for everything but immutable JDK values: a string or a number
     * can't close a cycle, and sharing one instance needs no identity. Skipping them spares an identity-map entry per
     * string of a cart, on every encode and decode. Part of the stored format.
     */
    private static final class ValuesUntracked extends MapReferenceResolver {
        @Override
        public boolean useReferences(Class type) {
            return super.useReferences(type) && !ValueCodec.isImmutableValueType(type);
        }
    }

    private static Kryo newKryo(AllowList allowList, JavaCodec java) {
        Kryo kryo = new Kryo(new AllowListResolver(allowList), new ValuesUntracked()) {
            @Override
            @SuppressWarnings("rawtypes")
            public Serializer getDefaultSerializer(Class type) {
                return KryoLimits.bounded(type, super.getDefaultSerializer(type));
            }

            @Override
            @SuppressWarnings("rawtypes")
            protected Serializer newDefaultSerializer(Class type) {
                Serializer<?> serialForm = SerialForms.forClass(type, java, () -> super.newDefaultSerializer(type));
                return serialForm != null ? serialForm : super.newDefaultSerializer(type);
            }
        };
        KryoLimits.install(kryo);
        SerialForms.install(kryo);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new SerializingInstantiatorStrategy()));
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        CompatibleFieldSerializer.CompatibleFieldSerializerConfig config =
                new CompatibleFieldSerializer.CompatibleFieldSerializerConfig();
        config.setChunkedEncoding(true);
        config.setChunkSize(CHUNK_BYTES);
        config.setReadUnknownFieldData(false);
        kryo.setDefaultSerializer(new com.esotericsoftware.kryo.SerializerFactory
                .CompatibleFieldSerializerFactory(config));
        // After KryoLimits.install: its List.of serializer, added first, is the one used.
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        kryo.addDefaultSerializer(java.util.UUID.class, new DefaultSerializers.UUIDSerializer());
        try {
            WrapperSerializer unmodifiable = new WrapperSerializer(false);
            WrapperSerializer synchronizedWrapper = new WrapperSerializer(true);
            kryo.addDefaultSerializer(Class.forName("java.util.Collections$UnmodifiableCollection"), unmodifiable);
            kryo.addDefaultSerializer(Class.forName("java.util.Collections$UnmodifiableMap"), unmodifiable);
            kryo.addDefaultSerializer(Class.forName("java.util.Collections$SynchronizedCollection"),
                    synchronizedWrapper);
            kryo.addDefaultSerializer(Class.forName("java.util.Collections$SynchronizedMap"), synchronizedWrapper);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JVM lacks java.util.Collections' wrappers", e);
        }
        for (int i = 0; i < REGISTERED.size(); i++) {
            kryo.register(REGISTERED.get(i), FIRST_REGISTERED_ID + i);
        }
        return kryo;
    }

    /**
     * Encodes a value after {@code header}, in the pooled buffer; copies it out only when it differs from
     * {@code previous}.
     *
     * @return {@code previous} itself when the encoding equals it, else a new array
     */
    byte[] encode(String attributeName, Object value, byte[] header, byte[] newFormHeader, byte[] previous) {
        Instance instance = pool.obtain();
        Output output = instance.output;
        SerialForms.Mode mode = SerialForms.mode(instance.kryo);
        mode.attributeName = attributeName;
        mode.wroteNewForm = false;
        try {
            output.reset();
            output.writeBytes(header);
            instance.kryo.writeClassAndObject(output, value);
            if (mode.wroteNewForm) {
                System.arraycopy(newFormHeader, 0, output.getBuffer(), 0, newFormHeader.length);
            }
            int length = output.position();
            if (previous != null && Arrays.equals(output.getBuffer(), 0, length, previous, 0, previous.length)) {
                return previous;
            }
            return output.toBytes();
        } catch (RuntimeException e) {
            Refused refused = refused(e);
            if (refused != null) {
                throw new AttributeEncodingException(attributeName, refused.className, refused.why, null);
            }
            AttributeEncodingException javaForm = find(e, AttributeEncodingException.class);
            if (javaForm != null) {
                throw javaForm;
            }
            throw new AttributeEncodingException(attributeName, value.getClass().getName(),
                    "Kryo can't encode it: " + e.getMessage(), e);
        } finally {
            instance.kryo.reset();
            if (output.getBuffer().length > MAX_KEPT_BUFFER) {
                output.setBuffer(new byte[INITIAL_BUFFER], -1);
            }
            pool.free(instance);
        }
    }

    /**
     * Decodes a value from {@code offset}; with {@code fieldFormsOnly} (codec byte 1), the classes whose Java serial
     * form is new are read field by field, as that codec wrote them.
     */
    Object decode(String attributeName, byte[] bytes, int offset, ClassLoader loader, boolean fieldFormsOnly) {
        Instance instance = pool.obtain();
        Kryo kryo = instance.kryo;
        Input input = instance.input;
        kryo.setClassLoader(loader);
        SerialForms.Mode mode = SerialForms.mode(kryo);
        mode.attributeName = attributeName;
        mode.fieldFormsOnly = fieldFormsOnly;
        boolean reusable = true;
        try {
            input.setBuffer(bytes, offset, bytes.length - offset);
            instance.budget.reset(bytes.length - offset);
            return kryo.readClassAndObject(input);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // A last resort: the limits should prevent either. The instance is not trusted again.
            reusable = false;
            throw new AttributeDecodingException(attributeName, null, Reason.CORRUPT,
                    "Kryo: " + e.getClass().getSimpleName() + " while decoding", null);
        } catch (RuntimeException | LinkageError e) {
            AttributeDecodingException javaForm = find(e, AttributeDecodingException.class);
            if (javaForm != null) {
                throw javaForm;
            }
            Refused refused = refused(e);
            if (refused != null) {
                throw new AttributeDecodingException(attributeName, AllowList.shown(refused.className),
                        Reason.CLASS_NOT_ALLOWED,
                        "the class is " + refused.why + " and was not loaded", null);
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                    throw new AttributeDecodingException(attributeName, missingClass(t), Reason.CLASS_NOT_FOUND,
                            "the class is not on this node's class path", null);
                }
            }
            throw new AttributeDecodingException(attributeName, null, Reason.CORRUPT,
                    e instanceof KryoException ? "Kryo: " + firstLine(e.getMessage()) : e.toString(), null);
        } finally {
            input.setBuffer(EMPTY);
            kryo.reset();
            kryo.setClassLoader(KryoCodec.class.getClassLoader());
            if (reusable) {
                pool.free(instance);
            }
        }
    }

    /** The name of the class a {@link ClassNotFoundException} or {@link NoClassDefFoundError} is about. */
    private static String missingClass(Throwable failure) {
        String message = failure.getMessage();
        if (message == null) {
            return null;
        }
        String name = failure instanceof NoClassDefFoundError ? message.replace('/', '.') : message;
        int space = name.lastIndexOf(' ');
        return AllowList.shown(space < 0 ? name : name.substring(space + 1));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid data";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Refused refused(Throwable failure) {
        return find(failure, Refused.class);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
