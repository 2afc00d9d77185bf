/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlotPoolTest {

    /** A pooled object that knows whether someone holds it. */
    private static final class Held {
        final AtomicBoolean inUse = new AtomicBoolean();
    }

    /** A pool whose factory counts the objects it makes. */
    private static SlotPool<Held> countingPool(int size, AtomicInteger created) {
        return new SlotPool<>(size, () -> {
            created.incrementAndGet();
            return new Held();
        });
    }

    @Test
    void aFreedObjectIsTakenBackAndNewOnesAreMadeOnlyWhenNoneIsFree() {
        AtomicInteger created = new AtomicInteger();
        SlotPool<Held> pool = countingPool(4, created);
        Held first = pool.obtain();
        Held second = pool.obtain();
        assertThat(second).isNotSameAs(first);
        pool.free(first);
        assertThat(pool.obtain()).isSameAs(first);
        assertThat(created).hasValue(2);
    }

    @Test
    void aFullPoolDropsWhatIsReturned() {
        AtomicInteger created = new AtomicInteger();
        SlotPool<Held> pool = countingPool(2, created);
        List<Held> held = List.of(pool.obtain(), pool.obtain(), pool.obtain());
        held.forEach(pool::free);

        assertThat(held).containsAll(List.of(pool.obtain(), pool.obtain()));
        pool.obtain();
        assertThat(created).as("the third object was dropped: a fourth is made").hasValue(4);
    }

    @Test
    void noObjectIsEverHeldByTwoThreadsAtOnce() throws InterruptedException {
        SlotPool<Held> pool = new SlotPool<>(4, Held::new);
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    Held object = pool.obtain();
                    if (!object.inUse.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    object.inUse.set(false);
                    pool.free(object);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void theSizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new SlotPool<>(24, Held::new)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }
}
