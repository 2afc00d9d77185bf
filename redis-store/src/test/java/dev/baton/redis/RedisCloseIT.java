package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Closing a store releases its Netty threads, in bounded time, and a second close does nothing. */
class RedisCloseIT {

    private static Set<Thread> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("lettuce-"))
                .collect(Collectors.toSet());
    }

    @Test
    void closeWhenStoreWasUsedThenItsNettyThreadsEndWithinSeconds() {
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
        await().atMost(Duration.ofSeconds(10)).until(() -> opened.stream().noneMatch(Thread::isAlive));
    }
}
