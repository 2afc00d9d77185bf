/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Tells, without encoding, that Kryo would store a value as it is now: walks its object graph as Kryo's serializers
 * would, and checks each class met as Kryo's class resolver does (the allow-list, and that the field serializer can
 * rebuild it), with a plan per class computed once from the serializer Kryo picks for it.
 *
 * <p>The walk is sound, not complete: it answers {@code true} only for graphs made of classes whose serializer it
 * understands (Kryo's field serializer, collections, maps, arrays, and the immutable JDK values, which have no parts);
 * anything else (a class with a Java serial form, a {@code KryoSerializable}, a class outside the allow-list, a graph
 * deeper than {@link #MAX_DEPTH} or larger than {@link #MAX_OBJECTS}) answers {@code false}, and only an encoding can
 * tell. So {@code true} means the encoding will not be refused by the allow-list; {@code false} means nothing.
 */
final class GraphCheck {

    /** Deeper graphs are left to an encoding, well within Kryo's own {@link KryoLimits#MAX_DEPTH}. */
    static final int MAX_DEPTH = KryoLimits.MAX_DEPTH / 2;
    /** Larger graphs are left to an encoding: past this, the walk costs about what the encoding does. */
    static final int MAX_OBJECTS = 100_000;
    private static final Field[] NO_FIELDS = new Field[0];

    /** What the walk does with an object of one class. */
    private enum Kind {
        /** No parts to visit: a string, a boxed primitive, an enum, a {@code java.time} value, a primitive array. */
        LEAF,
        /** Kryo's field serializer: visit the values of its fields that hold references. */
        FIELDS,
        /** A collection: visit the elements (and the comparator of a sorted set). */
        ELEMENTS,
        /** A map: visit the keys and values (and the comparator of a sorted map). */
        ENTRIES,
        /** An array of references: visit the elements. */
        ARRAY,
        /** Only an encoding can tell. */
        UNSURE
    }

    /** The plan for one class. */
    private record Plan(Kind kind, Field[] fields) {
        static final Plan UNSURE = new Plan(Kind.UNSURE, NO_FIELDS);
    }

    /** One walk's state: the objects on the path from the root (a cycle leads back to one), and what is left. */
    private static final class Walk {
        final Object[] path = new Object[MAX_DEPTH];
        int objectsLeft = MAX_OBJECTS;
    }

    private final AllowList allowList;
    private final ClassValue<Plan> plans;

    /**
     * @param allowList the codec's allow-list
     * @param registrations asks a Kryo instance of the codec for a class's registration (implicitly registering it,
     *     as an encoding would)
     */
    GraphCheck(AllowList allowList, Function<Class<?>, Registration> registrations) {
        this.allowList = allowList;
        this.plans = new ClassValue<>() {
            @Override
            protected Plan computeValue(Class<?> type) {
                return plan(type, registrations);
            }
        };
    }

    /** {@return whether Kryo's class checks pass for every object of the value's graph, as it is now} */
    boolean passes(Object value) {
        try {
            return visit(value, new Walk(), 0);
        } catch (RuntimeException e) {
            // A collection changed by another thread during the walk (a synchronized one is iterated unlocked here),
            // or a field that can't be read: the encoding decides.
            return false;
        }
    }

    private boolean visit(Object object, Walk walk, int depth) {
        if (object == null) {
            return true;
        }
        Plan plan = plans.get(object.getClass());
        if (plan.kind == Kind.LEAF) {
            return true;
        }
        if (plan.kind == Kind.UNSURE || depth == MAX_DEPTH || --walk.objectsLeft < 0) {
            return false;
        }
        for (int i = 0; i < depth; i++) {
            if (walk.path[i] == object) {
                return true; // A cycle: Kryo writes a reference back, its class already checked.
            }
        }
        walk.path[depth] = object;
        int next = depth + 1;
        switch (plan.kind) {
            case FIELDS -> {
                for (Field field : plan.fields) {
                    if (!visit(read(field, object), walk, next)) {
                        return false;
                    }
                }
            }
            case ELEMENTS -> {
                if (object instanceof SortedSet<?> sorted && !visit(sorted.comparator(), walk, next)) {
                    return false;
                }
                for (Object element : (Collection<?>) object) {
                    if (!visit(element, walk, next)) {
                        return false;
                    }
                }
            }
            case ENTRIES -> {
                if (object instanceof SortedMap<?, ?> sorted && !visit(sorted.comparator(), walk, next)) {
                    return false;
                }
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) object).entrySet()) {
                    if (!visit(entry.getKey(), walk, next) || !visit(entry.getValue(), walk, next)) {
                        return false;
                    }
                }
            }
            default -> {
                for (Object element : (Object[]) object) {
                    if (!visit(element, walk, next)) {
                        return false;
                    }
                }
            }
        }
        walk.path[depth] = null;
        return true;
    }

    private static Object read(Field field, Object object) {
        try {
            return field.get(object);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("field " + field + " was made accessible when its plan was made", e);
        }
    }

    private Plan plan(Class<?> type, Function<Class<?>, Registration> registrations) {
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            if (!allowList.allows(type.getName())) {
                return Plan.UNSURE;
            }
            return component.isPrimitive() || component == String.class ? new Plan(Kind.LEAF, NO_FIELDS)
                    : new Plan(Kind.ARRAY, NO_FIELDS);
        }
        // The allow-list first: no serializer is made for a class it refuses.
        if (!allowList.allows(type.getName())) {
            return Plan.UNSURE;
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
        boolean wrapper = serializer instanceof KryoCodec.WrapperSerializer;
        if (Collection.class.isAssignableFrom(type) && (wrapper || serializer instanceof CollectionSerializer)) {
            return new Plan(Kind.ELEMENTS, NO_FIELDS);
        }
        if (Map.class.isAssignableFrom(type) && (wrapper || serializer instanceof MapSerializer)) {
            return new Plan(Kind.ENTRIES, NO_FIELDS);
        }
        if (ValueCodec.isImmutableValueType(type) || type == Date.class) {
            return new Plan(Kind.LEAF, NO_FIELDS);
        }
        return Plan.UNSURE;
    }

    /**
     * The fields Kryo's field serializer writes that hold references, readable here; or unsure. A field whose declared
     * type is a final immutable JDK value type with a leaf plan (a {@code String}, an {@code Integer}, an
     * {@code Instant}, ...) is left out: whatever it holds is of that class or null, which the walk would pass without
     * looking further, so it is not even read (a cart item's three strings, 150 reads per 50-item cart).
     */
    private Plan fieldsPlan(FieldSerializer<?> serializer) {
        List<Field> references = new ArrayList<>();
        for (FieldSerializer.CachedField cached : serializer.getFields()) {
            Field field = cached.getField();
            if (!field.getType().isPrimitive() && !alwaysLeaf(field.getType())) {
                if (!field.trySetAccessible()) {
                    return Plan.UNSURE;
                }
                references.add(field);
            }
        }
        return references.isEmpty() ? new Plan(Kind.LEAF, NO_FIELDS)
                : new Plan(Kind.FIELDS, references.toArray(NO_FIELDS));
    }

    /** Whether every value a field declared as {@code type} can hold passes the walk at once. */
    private boolean alwaysLeaf(Class<?> type) {
        // Only JDK value types: their plans never come back here, so no class's plan waits on its own.
        return Modifier.isFinal(type.getModifiers()) && ValueCodec.isImmutableValueType(type)
                && plans.get(type).kind == Kind.LEAF;
    }
}
