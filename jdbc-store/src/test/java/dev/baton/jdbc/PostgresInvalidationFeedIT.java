/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.InvalidationFeed;
import dev.baton.core.LockedLoad;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.StallingProxy;
import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's feed on the shared database {@code test}: which statements announce which ID, and the liveness
 * contract of {@link InvalidationFeed} through a proxy that stalls.
 */
class PostgresInvalidationFeedIT {

    /**
     * What a feed reported, in order: an ID for a removal, an ID, {@code @} and the version for a save, or {@code +}
     * for connected and {@code -} for disconnected.
     */
    private static final class Recorder implements InvalidationFeed.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void invalidated(String id, long version) {
            events.add(version == InvalidationFeed.REMOVED ? id : id + "@" + version);
        }

        @Override
        public void connected() {
            events.add("+");
        }

        @Override
        public void disconnected() {
            events.add("-");
        }

        String next(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static SessionChange change(SessionChange.Kind kind, String id, Instant at, Instant expiresAt) {
        return new SessionChange(kind, id, at, at, at, Duration.ofMinutes(30), expiresAt, null,
                Map.of("cart", id.getBytes()), Set.of());
    }

    @Test
    void storeWhenItChangesOrRemovesAnExistingSessionThenAnnouncesItsIdAndOtherwiseNothing() throws Exception {
        String url = TestServices.postgresUrl();
        String table = "baton_feed_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(6);
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .build();
        Instant now = Instant.now();
        Instant later = now.plus(Duration.ofMinutes(30));
        Instant past = now.minus(Duration.ofMinutes(1));
        Recorder recorder = new Recorder();
        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());
                InvalidationFeed feed = store.openInvalidationFeed().orElseThrow()) {
            feed.start(recorder);
            assertThat(recorder.next(Duration.ofSeconds(10))).isEqualTo("+");

            for (String id : List.of("a", "b", "c", "d", "e", "z")) {
                store.save(change(SessionChange.Kind.CREATE, id, id.compareTo("c") >= 0 && !id.equals("z") ? past
                        : now, id.compareTo("c") >= 0 && !id.equals("z") ? past : later));
            }
            store.save(change(SessionChange.Kind.UPDATE, "a", now, later));
            LockedLoad locked = store.loadLocked("b", "owner", now, Duration.ofSeconds(30));
            long fence = ((LockedLoad.Acquired) locked).fence();
            store.renewLock("b", fence, now, Duration.ofSeconds(60));
            store.unlock("b", fence);
            store.delete("a");
            store.delete("a");
            store.save(change(SessionChange.Kind.UPDATE, "a", now, later));
            store.changeId("b", "b2");
            store.claimExpired("c", now);
            store.reapExpired(now, 10);
            store.save(change(SessionChange.Kind.UPDATE, "z", now, later));

            List<String> announced = new ArrayList<>();
            String event;
            while (!"z@2".equals(event = recorder.next(Duration.ofSeconds(5))) && event != null) {
                announced.add(event);
            }
            assertThat(event).isEqualTo("z@2");
            // The save of a with the version it wrote, its delete (once: the second finds nothing), the old ID of b,
            // the claim of c, the reap of d and e; no creation, lock, renewal, unlock or update of a session that is
            // gone.
            assertThat(announced.subList(0, 4)).containsExactly("a@2", "a", "b", "c");
            assertThat(announced.subList(4, announced.size())).containsExactlyInAnyOrder("d", "e");
        } finally {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                for (String suffix : new String[] {"_attributes", "_counters", ""}) {
                    statement.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            }
        }
        assertThat(recorder.events).containsExactly("-");
    }

    /** Not a check of speed: prints, per run, how long after a save's commit its notification reached a feed. */
    @Test
    void saveWhenCommittedThenEveryNotificationArrivesAndDelayIsPrinted() throws Exception {
        String url = TestServices.postgresUrl();
        String table = "baton_feed_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(6);
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .build();
        Instant now = Instant.now();
        Instant later = now.plus(Duration.ofMinutes(30));
        BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        Recorder connected = new Recorder();
        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader());
                InvalidationFeed feed = store.openInvalidationFeed().orElseThrow()) {
            feed.start(new InvalidationFeed.Listener() {
                @Override
                public void invalidated(String id, long version) {
                    arrivals.add(System.nanoTime());
                }

                @Override
                public void connected() {
                    connected.connected();
                }

                @Override
                public void disconnected() {
                    connected.disconnected();
                }
            });
            assertThat(connected.next(Duration.ofSeconds(10))).isEqualTo("+");
            store.save(change(SessionChange.Kind.CREATE, "s", now, later));
            for (int run = 1; run <= 5; run++) {
                long[] delays = new long[200];
                long[] saves = new long[delays.length];
                for (int i = 0; i < delays.length; i++) {
                    long start = System.nanoTime();
                    store.save(change(SessionChange.Kind.UPDATE, "s", now, later));
                    saves[i] = System.nanoTime() - start;
                    Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
                    assertThat(arrived).as("the notification of save %d", i).isNotNull();
                    delays[i] = arrived - start;
                }
                Arrays.sort(delays);
                Arrays.sort(saves);
                System.out.printf("PostgreSQL feed, run %d, 200 saves: save called -> notification received: median "
                        + "%.3f ms, p95 %.3f ms, max %.3f ms (the save's own round trip: median %.3f ms)%n", run,
                        delays[100] / 1e6, delays[190] / 1e6, delays[199] / 1e6, saves[100] / 1e6);
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                for (String suffix : new String[] {"_attributes", "_counters", ""}) {
                    statement.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            }
        }
    }

    @Test
    void connectionWhenItGoesSilentThenDisconnectedWithinLivenessBoundAndBackOnceItAnswers() throws Exception {
        int port = Integer.parseInt(TestServices.postgresUrl().replaceAll(".*://[^:/]+:(\\d+)/.*", "$1"));
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("loginTimeout", "1");
        Recorder recorder = new Recorder();
        try (StallingProxy proxy = new StallingProxy(port)) {
            PostgresInvalidationFeed feed = new PostgresInvalidationFeed("jdbc:postgresql://127.0.0.1:" + proxy.port()
                    + "/test?user=postgres", properties, "baton_feed_liveness", "the proxy");
            try {
                feed.start(recorder);
                assertThat(recorder.next(Duration.ofSeconds(10))).isEqualTo("+");
                Thread.sleep(1200); // a heartbeat or two went through

                proxy.stall();
                long stalled = System.nanoTime();
                assertThat(recorder.next(Duration.ofSeconds(10))).isEqualTo("-");
                long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalled);

                // The bound, plus a loaded machine's scheduling.
                assertThat(silent).isLessThan(InvalidationFeed.LIVENESS_BOUND.toMillis() + 1000);
                System.out.printf("PostgreSQL feed: silent connection reported after %d ms%n", silent);
                proxy.resume();
                assertThat(recorder.next(Duration.ofSeconds(15))).isEqualTo("+");
            } finally {
                long closing = System.nanoTime();
                feed.close();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing)).isLessThan(3000);
            }
        }
        assertThat(recorder.events).containsExactly("-");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("baton-pg-feed"));
    }
}
