/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.jdbc.testing.PrivatePostgres;
import dev.baton.redis.testing.RedisServers;
import dev.baton.servlet.BatonSessionFilter;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.LockProbeServlet;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scripted sequence of requests through embedded Tomcat nodes on a real store of the test's own (Redis, PostgreSQL),
 * then the meters' values: sessions created, invalidated and expired; store calls by operation and outcome; session
 * sizes and attributes written; a decode failure (a node with another encryption key); a lock wait that timed out and
 * its 503; a 503 with the store stopped.
 */
class MetricsIT {

    /** A store the test starts, and can stop. */
    interface OwnStore extends AutoCloseable {
        String uri();

        String kind();

        void stop();

        @Override
        void close();
    }

    static Stream<OwnStore> stores() {
        return Stream.of(new OwnStore() {
            private RedisServers servers;
            private RedisServers.Server redis;

            @Override
            public String uri() {
                if (servers == null) {
                    servers = new RedisServers();
                    redis = servers.standalone();
                }
                return "redis://127.0.0.1:" + redis.port;
            }

            @Override
            public String kind() {
                return "redis";
            }

            @Override
            public void stop() {
                redis.kill();
            }

            @Override
            public void close() {
                servers.close();
            }

            @Override
            public String toString() {
                return "Redis";
            }
        }, new OwnStore() {
            private PrivatePostgres postgres;

            @Override
            public String uri() {
                if (postgres == null) {
                    postgres = PrivatePostgres.start();
                }
                return postgres.url();
            }

            @Override
            public String kind() {
                return "postgresql";
            }

            @Override
            public void stop() {
                postgres.stopNow();
            }

            @Override
            public void close() {
                postgres.close();
            }

            @Override
            public String toString() {
                return "PostgreSQL";
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void metricsWhenScriptedRequestsRunThenMetersCountThem(OwnStore store) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        BatonMetrics metrics = new BatonMetrics();
        metrics.bindTo(registry);
        LockProbeServlet locking = new LockProbeServlet();
        try (store; Node a = node(store, metrics, "shop-a", "k1", "", new ProbeServlet(new CountDownLatch(0)));
                Node b = node(store, metrics, "shop-b", "k2", "", new ProbeServlet(new CountDownLatch(0)));
                Node c = node(store, metrics, "shop-c", "k1", "session", locking)) {
            // One user: created, written, read, invalidated; then its dead ID sent again.
            Browser user = new Browser();
            String id = user.get(a, "/create").body();
            assertThat(user.get(a, "/set?name=cart&value=book").statusCode()).isEqualTo(200);
            assertThat(user.get(a, "/get?name=cart").body()).isEqualTo("book");
            assertThat(user.get(a, "/invalidate").statusCode()).isEqualTo(200);
            user.setCookie("SESSION", id);
            assertThat(user.get(a, "/state").body()).isEqualTo("none");
            // A second user's value, read on a node whose encryption key is another: dropped, counted.
            Browser other = new Browser();
            assertThat(other.get(a, "/set?name=x&value=1").statusCode()).isEqualTo(200);
            assertThat(other.get(b, "/get?name=x").body()).isEqualTo("null");
            // A third user's session expires in a second; some node's reaper destroys it.
            assertThat(new Browser().get(a, "/expire-soon").statusCode()).isEqualTo(200);
            // A request that waits longer than lockTimeout for its session's lock.
            Browser locked = new Browser();
            assertThat(locked.get(c, "/create").statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> holding = locked.getAsync(c, "/hold");
            locking.awaitHolding();
            assertThat(locked.get(c, "/get?name=created").statusCode()).isEqualTo(503);
            locking.release();
            assertThat(holding.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            String kind = store.kind();
            assertThat(count(registry, "baton.session.creations", kind, "shop-a")).isEqualTo(3);
            assertThat(count(registry, "baton.session.invalidations", kind, "shop-a")).isEqualTo(1);
            assertThat(calls(registry, kind, "shop-a", "load", "success")).isEqualTo(3);
            assertThat(calls(registry, kind, "shop-a", "load", "absent")).isEqualTo(1);
            assertThat(calls(registry, kind, "shop-a", "save", "success")).isEqualTo(4);
            assertThat(calls(registry, kind, "shop-a", "delete", "success")).isEqualTo(1);
            assertThat(registry.get("baton.session.size").tags("store", kind, "application", "shop-a").summary()
                    .count()).isEqualTo(4);
            assertThat(registry.get("baton.session.attributes.written").tags("application", "shop-a").summary()
                    .totalAmount()).isEqualTo(2);
            assertThat(registry.get("baton.session.size").tags("application", "shop-a").summary().max())
                    .isGreaterThan(0);
            assertThat(registry.get("baton.attributes.decode.failures").tags("store", kind, "application", "shop-b",
                    "reason", "unknown_key").counter().count()).isEqualTo(1);
            assertThat(registry.get("baton.requests.rejected").tags("application", "shop-c", "reason",
                    "lock_timeout").counter().count()).isEqualTo(1);
            Timer waits = registry.get("baton.lock.waits").tags("application", "shop-c", "outcome", "timeout").timer();
            assertThat(waits.count()).isEqualTo(1);
            assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(250);
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.find("baton.session.expirations").counters()
                    .stream().mapToDouble(Counter::count).sum() >= 1);

            // The store stops: a request that needs its session is answered 503, counted as the store being down.
            store.stop();
            assertThat(new Browser().get(a, "/create").statusCode()).isEqualTo(503);
            double rejected = registry.find("baton.requests.rejected").tags("application", "shop-a").counters()
                    .stream().mapToDouble(Counter::count).sum();
            assertThat(rejected).isEqualTo(1);
            assertThat(registry.find("baton.requests.rejected").tags("application", "shop-a").counters())
                    .allSatisfy(counter -> assertThat(counter.getId().getTag("reason"))
                            .isIn("store_down", "store_timeout"));
            assertThat(registry.find("baton.store.calls").tags("application", "shop-a", "outcome", "unavailable")
                    .timers()).isNotEmpty();
        }
    }

    private static Node node(OwnStore store, BatonMetrics metrics, String application, String keyId,
            String lockMode, jakarta.servlet.http.HttpServlet servlet) {
        byte[] secret = new byte[32];
        secret[0] = (byte) keyId.charAt(1);
        // Store calls are what the meters count: the near cache (on by default) would answer some reads itself.
        BatonConfig.Builder config = BatonConfig.builder().store(store.uri()).set("storeTimeout", "1s")
                .set("createSchema", "true").set("reapInterval", "1s").set("nearCacheSize", "0")
                .set("encryptionKeys", keyId + ":" + Base64.getEncoder().encodeToString(secret));
        if (!lockMode.isEmpty()) {
            config.set("lockMode", lockMode).set("lockTimeout", "300ms");
        }
        BatonSessionFilter filter = BatonSessionFilter.builder(config.build()).metrics(metrics)
                .application(application).build();
        return new TomcatNodes().start(filter, servlet);
    }

    private static double count(MeterRegistry registry, String name, String kind, String application) {
        return registry.get(name).tags("store", kind, "application", application).counter().count();
    }

    private static long calls(MeterRegistry registry, String kind, String application, String operation,
            String outcome) {
        Timer timer = registry.find("baton.store.calls").tags("store", kind, "application", application,
                "operation", operation, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
