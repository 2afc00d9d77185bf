/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.StoredSession;
import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.testing.ProxiedRedisStore;
import dev.baton.redis.testing.SlowProxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A command caught by a dropped connection is never sent again after the reconnect (a write could undo writes that
 * landed since): its call fails at once as unavailable, and the next call works. Behind a proxy in front of a private
 * server, which holds the command back and then drops the connection, so that the server never gets it.
 */
class RedisWriteOnceIT {

    private static final RedisKeys KEYS = new RedisKeys("baton:", 1);

    private final SessionIds ids = SessionIds.create();
    private ProxiedRedisStore proxied;
    private SlowProxy proxy;
    private SessionStore store;

    @BeforeEach
    void open() {
        proxied = new ProxiedRedisStore("10s", Clock.systemUTC());
        proxy = proxied.proxy();
        store = proxied.store();
    }

    @AfterEach
    void close() {
        proxied.close();
    }

    private static SessionChange change(SessionChange.Kind kind, String id, String cart) {
        Instant now = Instant.now();
        return new SessionChange(kind, id, now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)),
                null, Map.of("cart", cart.getBytes(StandardCharsets.UTF_8)), Set.of());
    }

    /** Runs a call whose command the proxy holds back, and drops the connection while it does. */
    private <T> CompletableFuture<T> dropWhileInFlight(Supplier<T> call) {
        proxy.delay(Duration.ofSeconds(2));
        CompletableFuture<T> result = CompletableFuture.supplyAsync(call);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> proxy.held() == 1);
        proxy.delay(Duration.ZERO);
        proxy.dropConnections();
        return result;
    }

    private String field(String id, String field) {
        return proxied.redis().cli("hget", new String(KEYS.session(id), StandardCharsets.UTF_8), field).trim();
    }

    @Test
    void saveWhenTheConnectionDropsWithTheSaveInFlightThenItFailsAndIsNotSentAgain() {
        String id = ids.next();
        assertThat(store.save(change(SessionChange.Kind.CREATE, id, "tea"))).isEqualTo(SaveResult.SAVED);

        CompletableFuture<SaveResult> save = dropWhileInFlight(() -> store.save(change(SessionChange.Kind.UPDATE,
                id, "coffee")));

        assertThatThrownBy(save::join).hasCauseInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("dropped with the command in flight; it is not sent again");
        // Sent again, the save would have landed after the reconnect: as a late copy of an old delta, it would
        // overwrite whatever other nodes wrote meanwhile.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> store.load(id).isPresent());
        assertThat(field(id, "a:cart")).isEqualTo("tea");
        assertThat(field(id, "m:version")).isEqualTo("1");
        assertThat(store.save(change(SessionChange.Kind.UPDATE, id, "milk"))).isEqualTo(SaveResult.SAVED);
        assertThat(field(id, "a:cart")).isEqualTo("milk");
    }

    @Test
    void loadWhenTheConnectionDropsWithTheLoadInFlightThenUnavailableAndTheNextLoadAnswers() {
        String id = ids.next();
        assertThat(store.save(change(SessionChange.Kind.CREATE, id, "tea"))).isEqualTo(SaveResult.SAVED);

        CompletableFuture<Optional<StoredSession>> load = dropWhileInFlight(() -> store.load(id));

        assertThatThrownBy(load::join).hasCauseInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("dropped with the command in flight");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> assertThat(store.load(id))
                .hasValueSatisfying(session -> assertThat(session.attributes().get("cart"))
                        .asString(StandardCharsets.UTF_8).isEqualTo("tea")));
    }
}
