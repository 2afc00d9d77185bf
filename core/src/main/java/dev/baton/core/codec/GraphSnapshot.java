/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import dev.baton.core.codec.ClassPlans.Kind;
import dev.baton.core.codec.ClassPlans.Plan;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * What Kryo would write for a value's object graph, recorded without encoding it ({@link ValueCodec#snapshot}), so
 * that {@link #retake} can tell later, also without encoding, that the graph is exactly as it was: then its encoding
 * is what it was too. Walks the graph by the plans of {@link ClassPlans} and records, object after object, in two
 * flat arrays (and a mark per reference): for an object written field by field, every field Kryo's field serializer
 * writes (references by identity, primitives by value; {@code transient} fields are not written, so not recorded); for
 * a collection or a map, its size, its elements (keys and values) in iteration order by identity, and a sorted one's
 * comparator; for an array of references, its length and elements; for a primitive array, a copy; for a
 * {@code java.util.Date}, its time.
 * Immutable values (strings, boxed primitives, enums, {@code java.time} values, ..., and records of such values) are
 * recorded by identity alone, and marked: a later walk that finds the same object in the same place passes it by
 * without reading it (in a list of 50 such values, 50 loads from memory fewer). Each object reached is walked into the
 * same way, an object already on the path from the root (a cycle) not again.
 *
 * <p>Exact and conservative: the walk is deterministic, so two walks that agree on every recorded slot went through
 * the same objects in the same order and found the same contents, which is all Kryo writes. Whatever the plans can't
 * read exactly (a class with a Java serial form or a serializer of its own, a {@code KryoSerializable}, a collection
 * whose serializer writes more than its entries, a field with a Kryo annotation, a graph deeper than
 * {@link GraphCheck#MAX_DEPTH} or with more than {@link #MAX_SLOTS} slots, a collection changed during the walk) gives
 * no snapshot, and only an encoding can tell. Immutable and thread-safe; a walk allocates nothing when the graph is
 * unchanged, and a new snapshot only its three arrays (and the copies of primitive arrays).
 */
public final class GraphSnapshot {

    /** Larger graphs are left to encodings: a snapshot holds at most this many slots (half a megabyte). */
    static final int MAX_SLOTS = 1 << 16;
    private static final int MAX_DEPTH = GraphCheck.MAX_DEPTH;
    /** A thread's scratch arrays that grew past this are dropped after the walk rather than kept. */
    private static final int KEPT_SCRATCH = 4096;
    private static final ThreadLocal<Walk> WALKS = ThreadLocal.withInitial(Walk::new);

    private final ClassPlans plans;
    private final Object[] references;
    private final long[] numbers;
    /** A bit per reference: set where it is an immutable value with no parts, which a walk need not visit again. */
    private final long[] values;

    private GraphSnapshot(ClassPlans plans, Object[] references, long[] numbers, long[] values) {
        this.plans = plans;
        this.references = references;
        this.numbers = numbers;
        this.values = values;
    }

    private boolean isValue(int reference) {
        return (values[reference >>> 6] & 1L << reference) != 0;
    }

    /** {@return a snapshot of the value's graph as it is now, or {@code null} when it can't be taken} */
    static GraphSnapshot take(ClassPlans plans, Object value) {
        return walk(plans, null, value);
    }

    /**
     * Walks the value's graph again: this snapshot itself when every slot is as it records (the graph has not
     * changed, so Kryo would write what it wrote when this snapshot was taken), else a new snapshot of the graph as it
     * is now.
     *
     * @param value the value, as this snapshot's was
     * @return this snapshot when the graph is unchanged; a new one when it changed; {@code null} when it changed and
     *     no snapshot can be taken of it (only an encoding can tell)
     */
    public GraphSnapshot retake(Object value) {
        return walk(plans, this, value);
    }

    /** {@return an estimate of the heap this snapshot holds, in bytes, the copies of primitive arrays not counted} */
    public long heapBytes() {
        return 64 + 8L * (references.length + numbers.length + values.length);
    }

    private static GraphSnapshot walk(ClassPlans plans, GraphSnapshot known, Object value) {
        Walk walk = WALKS.get();
        if (walk.busy) {
            walk = new Walk(); // A walk from within a walk (a collection's iterator taking a snapshot): its own.
        }
        walk.start(plans, known);
        try {
            return walk.reference(value) && walk.visit(value, 0) ? walk.result() : null;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // A collection changed during the walk (field reads throw nothing): only an encoding can tell.
            return null;
        } finally {
            walk.end();
        }
    }

    /**
     * One walk, reused by its thread. While every slot so far equals {@link #known}'s, it only compares; at the first
     * difference it copies the slots that agreed into its scratch arrays and records from then on. An object's fields
     * are recorded by its plan's {@link FieldWalkers} step, through {@link #reference}, {@link #number} and
     * {@link #part}.
     */
    static final class Walk {
        Object[] references = new Object[64];
        long[] numbers = new long[64];
        /** {@link GraphSnapshot#values}'s bits for the references recorded, each set or cleared as it is recorded. */
        long[] values = new long[1];
        final Object[] path = new Object[MAX_DEPTH];
        ClassPlans plans;
        /** The class last visited and its plan: a collection's elements are mostly of one class. */
        Class<?> lastType;
        Plan lastPlan;
        GraphSnapshot known;
        /** Every slot so far equals {@link #known}'s (never, without one): nothing is written to the scratch. */
        boolean same;
        boolean busy;
        int r;
        int n;
        int objectsLeft;

        void start(ClassPlans walkPlans, GraphSnapshot knownSnapshot) {
            busy = true;
            plans = walkPlans;
            lastType = null;
            known = knownSnapshot;
            same = knownSnapshot != null;
            r = 0;
            n = 0;
            objectsLeft = GraphCheck.MAX_OBJECTS;
        }

        GraphSnapshot result() {
            if (same && r == known.references.length && n == known.numbers.length) {
                return known;
            }
            diverge();
            return new GraphSnapshot(plans, Arrays.copyOf(references, r), Arrays.copyOf(numbers, n),
                    Arrays.copyOf(values, words(r)));
        }

        void end() {
            if (!same) {
                Arrays.fill(references, 0, Math.min(r, references.length), null);
            }
            if (references.length > KEPT_SCRATCH) {
                references = new Object[64];
                numbers = new long[64];
                values = new long[1];
            }
            Arrays.fill(path, null);
            plans = null;
            lastType = null;
            lastPlan = null;
            known = null;
            busy = false;
        }

        /** The first difference: from here on, records (the slots so far, all equal to the known ones, copied). */
        private void diverge() {
            if (!same) {
                return;
            }
            same = false;
            if (references.length < r) {
                references = Arrays.copyOf(references, r);
            }
            if (numbers.length < n) {
                numbers = Arrays.copyOf(numbers, n);
            }
            System.arraycopy(known.references, 0, references, 0, r);
            System.arraycopy(known.numbers, 0, numbers, 0, n);
            if (values.length < words(r)) {
                values = Arrays.copyOf(values, words(r));
            }
            System.arraycopy(known.values, 0, values, 0, words(r));
        }

        private static int words(int bits) {
            return (bits + 63) >>> 6;
        }

        boolean reference(Object object) {
            if (same) {
                if (r < known.references.length && known.references[r] == object) {
                    r++;
                    return true;
                }
                diverge();
            }
            if (r == references.length) {
                if (r + n >= MAX_SLOTS) {
                    return false;
                }
                references = Arrays.copyOf(references, r * 2);
            }
            if (values.length < words(r + 1)) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[r >>> 6] &= ~(1L << r);
            references[r++] = object;
            return true;
        }

        boolean number(long value) {
            if (same) {
                if (n < known.numbers.length && known.numbers[n] == value) {
                    n++;
                    return true;
                }
                diverge();
            }
            if (n == numbers.length) {
                if (r + n >= MAX_SLOTS) {
                    return false;
                }
                numbers = Arrays.copyOf(numbers, n * 2);
            }
            numbers[n++] = value;
            return true;
        }

        /** A primitive array, by value: compared with the copy recorded, or copied. */
        private boolean copied(Object array) {
            if (same) {
                if (r < known.references.length && Objects.deepEquals(known.references[r], array)) {
                    r++;
                    return true;
                }
                diverge();
            }
            int length = Array.getLength(array);
            if (r + n + length / 8 >= MAX_SLOTS) {
                return false; // A large array counts as the slots its copy takes.
            }
            Object copy = Array.newInstance(array.getClass().getComponentType(), length);
            System.arraycopy(array, 0, copy, 0, length);
            return reference(copy);
        }

        /** Records an object's parts and walks into them; {@code false} when no snapshot can be taken. */
        boolean visit(Object object, int depth) throws Throwable {
            if (object == null) {
                return true;
            }
            Class<?> type = object.getClass();
            Plan plan;
            if (type == lastType) {
                plan = lastPlan;
            } else {
                plan = plans.of(type);
                lastType = type;
                lastPlan = plan;
            }
            if (plan.kind() == Kind.VALUE) {
                if (!same) {
                    // Called right after its reference was recorded: mark it, for the next walk to pass it by.
                    values[(r - 1) >>> 6] |= 1L << (r - 1);
                }
                return true;
            }
            if (plan.kind() == Kind.COPIED) {
                return object instanceof Date date ? number(date.getTime()) : copied(object);
            }
            if (!plan.exact() || depth == MAX_DEPTH || --objectsLeft < 0) {
                return false;
            }
            if (plan.kind() == Kind.FIELDS && plan.checkLeaf()) {
                // No field walked into (a cart item): it reaches no object, so it is on no cycle and needs no path.
                return (boolean) plan.fields().invokeExact(this, object, depth + 1);
            }
            for (int i = 0; i < depth; i++) {
                if (path[i] == object) {
                    return true; // A cycle: Kryo writes a reference back; its parts are being recorded.
                }
            }
            path[depth] = object;
            int next = depth + 1;
            boolean complete = switch (plan.kind()) {
                case FIELDS -> (boolean) plan.fields().invokeExact(this, object, next);
                case ELEMENTS -> elements(object, next);
                case ENTRIES -> entries(object, next);
                default -> elements((Object[]) object, next);
            };
            path[depth] = null;
            return complete;
        }

        private boolean elements(Object object, int next) throws Throwable {
            if (object instanceof SortedSet<?> sorted && !part(sorted.comparator(), next)) {
                return false;
            }
            Collection<?> collection = (Collection<?>) object;
            int size = collection.size();
            if (!number(size)) {
                return false;
            }
            if (collection.getClass() == ArrayList.class) {
                // In the order its iterator gives, without one: the most common collection, read by index.
                List<?> list = (List<?>) collection;
                for (int i = 0; i < size; i++) {
                    if (!part(list.get(i), next)) {
                        return false;
                    }
                }
                return list.size() == size;
            }
            int count = 0;
            for (Object element : collection) {
                if (++count > size || !part(element, next)) {
                    return false;
                }
            }
            return count == size;
        }

        private boolean entries(Object object, int next) throws Throwable {
            if (object instanceof SortedMap<?, ?> sorted && !part(sorted.comparator(), next)) {
                return false;
            }
            Map<?, ?> map = (Map<?, ?>) object;
            int size = map.size();
            if (!number(size)) {
                return false;
            }
            int count = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (++count > size || !part(entry.getKey(), next) || !part(entry.getValue(), next)) {
                    return false;
                }
            }
            return count == size;
        }

        private boolean elements(Object[] array, int next) throws Throwable {
            if (!number(array.length)) {
                return false;
            }
            for (Object element : array) {
                if (!part(element, next)) {
                    return false;
                }
            }
            return true;
        }

        boolean part(Object object, int depth) throws Throwable {
            if (same && r < known.references.length && known.references[r] == object && known.isValue(r)) {
                // The same immutable value as before (a string, a record of values): nothing in it can differ, so
                // it is not read at all, which spares a load from memory per element of a list of such values.
                r++;
                return true;
            }
            return reference(object) && visit(object, depth);
        }
    }
}
