/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnedThreadsTest {

    @Test
    void awaitEndWhenExecutorWasShutDownThenEveryThreadItMadeHasEnded() throws Exception {
        OwnedThreads threads = new OwnedThreads();
        List<Thread> made = new CopyOnWriteArrayList<>();
        java.util.concurrent.ThreadFactory named = threads.named("baton-test");
        ExecutorService executor = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = named.newThread(runnable);
            made.add(thread);
            return thread;
        });
        for (int i = 0; i < 3; i++) {
            executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        }

        executor.shutdownNow();
        threads.awaitEnd(Duration.ofSeconds(5));

        assertThat(made).isNotEmpty().allMatch(thread -> !thread.isAlive())
                .allMatch(Thread::isDaemon).allMatch(thread -> thread.getName().startsWith("baton-test-"));
    }

    @Test
    void keepingWhenGivenALibrarysFactoryThenItsThreadsAreAwaitedToo() throws Exception {
        OwnedThreads threads = new OwnedThreads();
        Thread[] made = {null};
        Thread thread = threads.keeping(runnable -> made[0] = new Thread(runnable, "library-1")).newThread(() -> { });

        thread.start();
        threads.awaitEnd(Duration.ofSeconds(5));

        assertThat(thread).isSameAs(made[0]);
        assertThat(thread.isAlive()).isFalse();
    }
}
