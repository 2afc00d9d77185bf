/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A pool of objects that are not thread-safe, for short exclusive use: a fixed array of slots, each taken and
 * returned with one atomic operation. It never blocks and never allocates but to create an object when every slot it
 * looks at is empty; an object returned to a full pool is dropped.
 *
 * <p>Each thread starts looking at a slot of its own, so that under load a thread mostly takes back the object it
 * returned (warm in its core's cache), and threads seldom meet on one slot. Kryo's own {@code Pool} is a
 * {@code LinkedBlockingQueue}: one lock that request threads queued and parked on under load.
 *
 * @param <T> the pooled objects
 */
final class SlotPool<T> {

    private final AtomicReferenceArray<T> slots;
    private final int mask;
    private final Supplier<T> factory;

    /**
     * @param size the number of slots, a power of two
     * @param factory creates an object when none is free
     */
    SlotPool(int size, Supplier<T> factory) {
        if (size < 1 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two, not " + size);
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.factory = factory;
    }

    /**
     * @return a free object, or a new one; the caller has it alone until {@link #free}
     */
    T obtain() {
        int start = home();
        for (int i = 0; i <= mask; i++) {
            int slot = (start + i) & mask;
            if (slots.get(slot) != null) {
                T taken = slots.getAndSet(slot, null);
                if (taken != null) {
                    return taken;
                }
            }
        }
        return factory.get();
    }

    /**
     * @param object an object from {@link #obtain}, no longer used by the caller
     */
    void free(T object) {
        int start = home();
        for (int i = 0; i <= mask; i++) {
            int slot = (start + i) & mask;
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, object)) {
                return;
            }
        }
    }

    @SuppressWarnings("deprecation") // Thread.threadId() arrived in Java 19; this builds for 17.
    private static int home() {
        long id = Thread.currentThread().getId();
        return (int) (id ^ (id >>> 32));
    }
}
