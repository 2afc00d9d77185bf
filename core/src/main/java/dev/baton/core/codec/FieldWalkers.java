/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static java.lang.invoke.MethodHandles.dropArguments;
import static java.lang.invoke.MethodHandles.filterArguments;
import static java.lang.invoke.MethodHandles.filterReturnValue;
import static java.lang.invoke.MethodType.methodType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;

/**
 * Makes, for a class whose objects Kryo writes field by field, the step of a {@link GraphSnapshot} walk that records
 * an object's fields: one method handle of type {@code (Walk, Object, int) boolean} that reads every field in the
 * field serializer's order and hands it to the walk ({@code reference} for an immutable JDK value, {@code number} for
 * a primitive, {@code part} at the given depth for a reference walked into), stopping at the first step that gives up.
 *
 * <p>A handle rather than a loop over the {@link Field}s: every library's reflection goes through the JDK's one call
 * into its field accessors, so each read through a {@code Field} is dispatched at run time, and on JDK 18 and later
 * goes through a method handle of its own as well; one handle per class, once called often, is compiled by the JVM
 * with the fields' offsets as constants. On a 50-item cart, the check of an unchanged value takes about half the time
 * (docs/benchmarks.md). The steps are joined as a balanced tree, so that a class with many fields costs a few more
 * frames, not one per field.
 */
final class FieldWalkers {

    private static final MethodHandle REFERENCE;
    private static final MethodHandle NUMBER;
    private static final MethodHandle PART;
    private static final MethodHandle BOOLEAN_BITS;
    private static final MethodHandle DOUBLE_BITS;
    private static final MethodHandle ALL_RECORDED = answer(true);
    private static final MethodHandle GAVE_UP = answer(false);

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            REFERENCE = lookup.findVirtual(GraphSnapshot.Walk.class, "reference",
                    methodType(boolean.class, Object.class));
            NUMBER = lookup.findVirtual(GraphSnapshot.Walk.class, "number", methodType(boolean.class, long.class));
            PART = lookup.findVirtual(GraphSnapshot.Walk.class, "part",
                    methodType(boolean.class, Object.class, int.class));
            BOOLEAN_BITS = lookup.findStatic(FieldWalkers.class, "bits", methodType(long.class, boolean.class));
            DOUBLE_BITS = lookup.findStatic(Double.class, "doubleToRawLongBits", methodType(long.class, double.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FieldWalkers() {
    }

    /**
     * The step recording an object's fields.
     *
     * @param fields the fields the field serializer writes, in its order, each made accessible
     * @param types each field's kind: {@link ClassPlans#REFERENCE}, {@link ClassPlans#VALUE_REFERENCE},
     *     {@link ClassPlans#BOOLEAN}, {@link ClassPlans#INTEGRAL} or {@link ClassPlans#FLOATING}
     * @return a handle of type {@code (Walk, Object, int) boolean}
     * @throws IllegalAccessException when a field can't be read after all
     */
    static MethodHandle of(Field[] fields, byte[] types) throws IllegalAccessException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle[] steps = new MethodHandle[fields.length];
        for (int i = 0; i < fields.length; i++) {
            steps[i] = step(lookup.unreflectGetter(fields[i]), types[i]);
        }
        return all(steps, 0, steps.length);
    }

    private static MethodHandle step(MethodHandle getter, byte type) {
        if (type == ClassPlans.REFERENCE) {
            return filterArguments(PART, 1, getter.asType(methodType(Object.class, Object.class)));
        }
        MethodHandle recorded = switch (type) {
            case ClassPlans.VALUE_REFERENCE -> filterArguments(REFERENCE, 1,
                    getter.asType(methodType(Object.class, Object.class)));
            case ClassPlans.BOOLEAN -> filterArguments(NUMBER, 1,
                    filterReturnValue(getter.asType(methodType(boolean.class, Object.class)), BOOLEAN_BITS));
            case ClassPlans.INTEGRAL -> filterArguments(NUMBER, 1, getter.asType(methodType(long.class, Object.class)));
            default -> filterArguments(NUMBER, 1,
                    filterReturnValue(getter.asType(methodType(double.class, Object.class)), DOUBLE_BITS));
        };
        return dropArguments(recorded, 2, int.class);
    }

    /** The steps from {@code from} to {@code to}, in order, each run only when those before it recorded. */
    private static MethodHandle all(MethodHandle[] steps, int from, int to) {
        if (to - from == 0) {
            return ALL_RECORDED;
        }
        if (to - from == 1) {
            return steps[from];
        }
        int middle = (from + to) >>> 1;
        return MethodHandles.guardWithTest(all(steps, from, middle), all(steps, middle, to), GAVE_UP);
    }

    private static MethodHandle answer(boolean value) {
        return dropArguments(MethodHandles.constant(boolean.class, value), 0, GraphSnapshot.Walk.class, Object.class,
                int.class);
    }

    private static long bits(boolean value) {
        return value ? 1 : 0;
    }
}
