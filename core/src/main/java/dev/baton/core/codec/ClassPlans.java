/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What Kryo writes for an object of a class, read from the serializer Kryo picks for it and computed once per class:
 * the plan that {@link GraphCheck} and {@link GraphSnapshot} walk a value's object graph by. A plan is sound, not
 * complete: a class whose serializer it does not understand (a Java serial form, a {@code KryoSerializable}, a class
 * outside the allow-list) is {@link Kind#UNSURE}, and only an encoding can tell what is written for it.
 */
final class ClassPlans {

    private static final Field[] NO_FIELDS = new Field[0];
    /** A field's kind ({@link FieldWalkers}): a field holding a reference, walked into. */
    static final byte REFERENCE = 0;
    /** A field's kind: a field whose every value is an immutable JDK value (a {@code String}): compared only. */
    static final byte VALUE_REFERENCE = 1;
    /** A field's kind: a {@code boolean} field. */
    static final byte BOOLEAN = 2;
    /** A field's kind: a {@code byte}, {@code char}, {@code short}, {@code int} or {@code long} field. */
    static final byte INTEGRAL = 3;
    /** A field's kind: a {@code float} or {@code double} field. */
    static final byte FLOATING = 4;

    /** What Kryo writes for an object of one class. */
    enum Kind {
        /**
         * An immutable value with no parts to walk: a JDK value (a string, a boxed primitive, an enum, a
         * {@code java.time} value), or a record of primitives and such values.
         */
        VALUE,
        /** Kryo's field serializer: the values of its fields. */
        FIELDS,
        /** A collection: its size and elements in iteration order (and the comparator of a sorted set). */
        ELEMENTS,
        /** A map: its size, keys and values in iteration order (and the comparator of a sorted map). */
        ENTRIES,
        /** An array of references: its elements. */
        ARRAY,
        /** A mutable value without references, written by value: a primitive array, a {@code java.util.Date}. */
        COPIED,
        /** Only an encoding can tell. */
        UNSURE
    }

    /**
     * The plan for one class.
     *
     * @param kind what Kryo writes
     * @param fields for {@link Kind#FIELDS} when {@code exact}: records an object's fields into a {@link GraphSnapshot}
     *     walk ({@link FieldWalkers}); else {@code null}
     * @param references for {@link Kind#FIELDS}: the fields {@link GraphCheck} walks into (those holding references,
     *     but not only immutable JDK values), readable here
     * @param checkLeaf whether {@link GraphCheck} passes the object without looking at its parts
     * @param exact whether what Kryo writes for the object is all in its parts as this plan reads them, so that a
     *     {@link GraphSnapshot} can record it: every field readable and written by Kryo's own rules, a collection or
     *     map whose serializer writes nothing but its size, its entries and (sorted) its comparator
     */
    record Plan(Kind kind, MethodHandle fields, Field[] references, boolean checkLeaf, boolean exact) {
        static final Plan UNSURE = new Plan(Kind.UNSURE, null, NO_FIELDS, false, false);

        static Plan of(Kind kind, boolean checkLeaf, boolean exact) {
            return new Plan(kind, null, NO_FIELDS, checkLeaf, exact);
        }
    }

    private final AllowList allowList;
    private final ClassValue<Plan> plans;

    /**
     * @param allowList the codec's allow-list
     * @param registrations asks a Kryo instance of the codec for a class's registration (implicitly registering it,
     *     as an encoding would)
     */
    ClassPlans(AllowList allowList, Function<Class<?>, Registration> registrations) {
        this.allowList = allowList;
        this.plans = new ClassValue<>() {
            @Override
            protected Plan computeValue(Class<?> type) {
                return plan(type, registrations);
            }
        };
    }

    /** {@return the plan for objects of {@code type}} */
    Plan of(Class<?> type) {
        return plans.get(type);
    }

    private Plan plan(Class<?> type, Function<Class<?>, Registration> registrations) {
        // The allow-list first: no serializer is made for a class it refuses.
        if (!allowList.allows(type.getName())) {
            return Plan.UNSURE;
        }
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            return component.isPrimitive() ? Plan.of(Kind.COPIED, true, true)
                    : Plan.of(Kind.ARRAY, component == String.class, true);
        }
        Registration registration = registrations.apply(type);
        Class<?> registered = registration.getType();
        // A boxed primitive is registered as its primitive (int for Integer); an enum constant's body as its enum.
        if (!registered.isPrimitive() && !allowList.allows(registered.getName())) {
            return Plan.UNSURE;
        }
        Serializer<?> serializer = registration.getSerializer();
        if (serializer instanceof SerialForms.JavaForm || serializer instanceof SerialForms.NewForm) {
            return Plan.UNSURE;
        }
        if (serializer instanceof FieldSerializer<?> fields) {
            boolean named = registration.getId() == DefaultClassResolver.NAME;
            return named && SerialForms.whyUnbuildable(type) != null ? Plan.UNSURE : fieldsPlan(fields);
        }
        if (serializer instanceof RecordSerializer<?> && type.isRecord()) {
            return recordPlan(type);
        }
        boolean wrapper = serializer instanceof KryoCodec.WrapperSerializer;
        boolean exact = wrapper || KryoLimits.writesSizeAndEntriesOnly(serializer) || writesComparatorAndEntries(serializer);
        if (Collection.class.isAssignableFrom(type) && (wrapper || serializer instanceof CollectionSerializer)) {
            return Plan.of(Kind.ELEMENTS, false, exact);
        }
        if (Map.class.isAssignableFrom(type) && (wrapper || serializer instanceof MapSerializer)) {
            return Plan.of(Kind.ENTRIES, false, exact);
        }
        if (ValueCodec.isImmutableValueType(type)) {
            return Plan.of(Kind.VALUE, true, true);
        }
        return type == Date.class ? Plan.of(Kind.COPIED, true, true) : Plan.UNSURE;
    }

    /**
     * Kryo's serializers of sorted collections and maps and of the JDK's immutable ones, which write the size, the
     * entries and (sorted) the comparator, all of which {@link GraphSnapshot} records. Not the priority queue's,
     * whose comparator is not a sorted collection's.
     */
    private static boolean writesComparatorAndEntries(Serializer<?> serializer) {
        Class<?> type = serializer.getClass();
        return type == DefaultSerializers.TreeSetSerializer.class || type == DefaultSerializers.TreeMapSerializer.class
                || type == DefaultSerializers.ConcurrentSkipListMapSerializer.class
                || type == ImmutableCollectionsSerializers.JdkImmutableListSerializer.class
                || type == ImmutableCollectionsSerializers.JdkImmutableSetSerializer.class
                || type == ImmutableCollectionsSerializers.JdkImmutableMapSerializer.class;
    }

    /**
     * The fields Kryo's field serializer writes; unsure when one that holds references can't be read here. A field
     * whose declared type is a final immutable JDK value type (a {@code String}, an {@code Integer}, an
     * {@code Instant}, ...) holds a value of that class or null, which {@link GraphCheck} passes without reading it
     * (a cart item's three strings, 150 reads per 50-item cart) and {@link GraphSnapshot} compares without walking.
     */
    private Plan fieldsPlan(FieldSerializer<?> serializer) {
        FieldSerializer.CachedField[] cached = serializer.getFields();
        Field[] fields = new Field[cached.length];
        for (int i = 0; i < cached.length; i++) {
            fields[i] = cached[i].getField();
        }
        return fieldsPlan(fields);
    }

    /**
     * A record, which Kryo's record serializer writes as its components' values, read through the accessors (an
     * accessor is taken to be a function of the record's fields, as the language means it to be). A record's fields
     * can't be set, not even by reflection, so a record whose every component is a primitive or an immutable JDK value
     * is an immutable value itself: compared by identity and never walked into (a list of such lines is checked by its
     * elements' identities alone). Any other record is walked by its fields, as a class of the field serializer is.
     */
    private Plan recordPlan(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Field[] fields = new Field[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                fields[i] = type.getDeclaredField(components[i].getName());
            } catch (NoSuchFieldException e) {
                return Plan.UNSURE;
            }
        }
        Plan plan = fieldsPlan(fields);
        return plan.exact() && plan.references().length == 0 ? Plan.of(Kind.VALUE, true, true) : plan;
    }

    private Plan fieldsPlan(Field[] fields) {
        List<Field> references = new ArrayList<>();
        byte[] types = new byte[fields.length];
        boolean exact = true;
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            Class<?> type = field.getType();
            types[i] = type == boolean.class ? BOOLEAN : type == float.class || type == double.class ? FLOATING
                    : type.isPrimitive() ? INTEGRAL : alwaysValue(type) ? VALUE_REFERENCE : REFERENCE;
            boolean readable = field.trySetAccessible();
            if (types[i] == REFERENCE) {
                if (!readable) {
                    return Plan.UNSURE;
                }
                references.add(field);
            }
            // A Kryo annotation (@Bind, ...) may give the field a serializer of its own: only an encoding can tell.
            exact &= readable && !kryoAnnotated(field);
        }
        try {
            return new Plan(Kind.FIELDS, exact ? FieldWalkers.of(fields, types) : null, references.toArray(NO_FIELDS),
                    references.isEmpty(), exact);
        } catch (IllegalAccessException e) {
            return Plan.UNSURE; // A field made accessible that still can't be read: only an encoding can tell.
        }
    }

    private static boolean kryoAnnotated(Field field) {
        for (Annotation annotation : field.getAnnotations()) {
            if (annotation.annotationType().getName().startsWith("com.esotericsoftware.")) {
                return true;
            }
        }
        return false;
    }

    /** Whether every value a field declared as {@code type} can hold is an immutable JDK value, with no parts. */
    private boolean alwaysValue(Class<?> type) {
        // Only JDK value types: their plans never come back here, so no class's plan waits on its own.
        return Modifier.isFinal(type.getModifiers()) && ValueCodec.isImmutableValueType(type)
                && plans.get(type).kind == Kind.VALUE;
    }
}
