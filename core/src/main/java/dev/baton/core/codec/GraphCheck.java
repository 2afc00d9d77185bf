/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import dev.baton.core.codec.ClassPlans.Kind;
import dev.baton.core.codec.ClassPlans.Plan;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Tells, without encoding, that Kryo would store a value as it is now: walks its object graph as Kryo's serializers
 * would, and checks each class met as Kryo's class resolver does (the allow-list, and that the field serializer can
 * rebuild it), by the plan per class of {@link ClassPlans}.
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

    /** One walk's state: the objects on the path from the root (a cycle leads back to one), and what is left. */
    private static final class Walk {
        final ClassPlans plans;
        final Object[] path = new Object[MAX_DEPTH];
        int objectsLeft = MAX_OBJECTS;

        Walk(ClassPlans plans) {
            this.plans = plans;
        }
    }

    private GraphCheck() {
    }

    /** {@return whether Kryo's class checks pass for every object of the value's graph, as it is now} */
    static boolean passes(ClassPlans plans, Object value) {
        try {
            return visit(value, new Walk(plans), 0);
        } catch (RuntimeException e) {
            // A collection changed by another thread during the walk (a synchronized one is iterated unlocked here),
            // or a field that can't be read: the encoding decides.
            return false;
        }
    }

    private static boolean visit(Object object, Walk walk, int depth) {
        if (object == null) {
            return true;
        }
        Plan plan = walk.plans.of(object.getClass());
        if (plan.checkLeaf()) {
            return true;
        }
        if (plan.kind() == Kind.UNSURE || depth == MAX_DEPTH || --walk.objectsLeft < 0) {
            return false;
        }
        for (int i = 0; i < depth; i++) {
            if (walk.path[i] == object) {
                return true; // A cycle: Kryo writes a reference back, its class already checked.
            }
        }
        walk.path[depth] = object;
        int next = depth + 1;
        switch (plan.kind()) {
            case FIELDS -> {
                for (Field field : plan.references()) {
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
}
