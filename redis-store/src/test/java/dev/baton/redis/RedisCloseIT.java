/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Closing a store releases its Netty threads before {@code close()} returns, in bounded time, and a second close does
 * nothing; a store whose Redis never answered leaves no thread behind either.
 */
class RedisCloseIT {

    private static Set<Thread> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("lettuce-"))
                .collect(Collectors.toSet());
    }

    /**
     * The threads, once their executors have reported termination, have at most their last instructions to run: a
     * short join covers those, where a close that did not wait would leave them running for as long as Netty takes.
     */
    private static void assertEnded(Set<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(200);
        }
        assertThat(threads).as("threads still alive").noneMatch(Thread::isAlive);
    }

    @Test
    void closeWhenStoreWasUsedThenItsNettyThreadsHaveEndedWhenCloseReturns() throws InterruptedException {
        Set<Thread> before = lettuceThreads();
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri())
                .set("keyPrefix", "baton-test-close:").build();
        SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());
        store.load(SessionIds.create().next());
        Set<Thread> opened = lettuceThreads();
        opened.removeAll(before);
        assertThat(opened).as("threads the store started").isNotEmpty();

        long start = System.nanoTime();
        store.close();
        store.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertEnded(opened);
    }

    @Test
    void openWhenNothingListensThenOpensCallsAreUnavailableAndCloseLeavesNoNettyThread()
            throws IOException, InterruptedException {
        // Issue 18, bug 12: opening failed, and a web app whose store was down at start never started.
        Set<Thread> before = lettuceThreads();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BatonConfig config = BatonConfig.builder().store("redis://127.0.0.1:" + port).build();
        SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());

        assertThatThrownBy(() -> store.load(SessionIds.create().next()))
                .isInstanceOf(SessionStoreUnavailableException.class);
        Set<Thread> opened = lettuceThreads();
        opened.removeAll(before);
        store.close();

        assertEnded(opened);
    }
}
