/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one component (an engine, a store) starts, kept so that its {@code close()} can wait until each has
 * ended, not only until its executor says it is done: a container checks, as soon as a web app has stopped, for
 * threads the app started that are still alive, and a thread that is about to end still counts (and still holds the
 * web app's class loader). For stores and front ends: whoever starts threads stops them and waits for them in its
 * {@code close()}. Thread-safe.
 */
public final class OwnedThreads {

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /**
     * A factory of daemon threads named {@code <name>-1}, {@code <name>-2}..., kept here.
     *
     * @param name the threads' name
     * @return the factory
     */
    public ThreadFactory named(String name) {
        requireNonNull(name, "name");
        AtomicInteger count = new AtomicInteger();
        return keeping(runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A factory that makes its threads with {@code factory}, and keeps them here.
     *
     * @param factory makes the threads (a library's own, for its names and thread type)
     * @return the factory
     */
    public ThreadFactory keeping(ThreadFactory factory) {
        requireNonNull(factory, "factory");
        return runnable -> {
            Thread thread = factory.newThread(runnable);
            threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
            threads.add(thread);
            return thread;
        };
    }

    /**
     * Waits until every thread made so far has ended, at most {@code bound} in all; call it after stopping what runs
     * on them. A thread still running at the bound is left to end by itself. Ended threads are forgotten: a thread
     * keeps the class loader that was its context's, and a library may keep its thread factory (and so this object)
     * long after (HikariCP's pool, from a thread-local of each request thread that borrowed a connection).
     *
     * @param bound the longest wait
     */
    public void awaitEnd(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (thread == Thread.currentThread() || left <= 0) {
                continue;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deadline = System.nanoTime();
            }
        }
        threads.removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
    }
}
