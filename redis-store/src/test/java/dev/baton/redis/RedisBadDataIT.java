/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.internal.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Foreign or damaged data at a session's key: a clear error for that session only, never a crash or other data; an
 * attribute whose bytes don't decode costs only that attribute.
 */
class RedisBadDataIT {

    private final SessionIds ids = SessionIds.create();
    private final MutableClock clock = MutableClock.startingNow();
    private BatonConfig config;
    private String prefix;
    private RedisKeys keys;
    private SessionStore store;
    private RedisClient client;
    private RedisCommands<String, String> raw;
    private RedisCommands<byte[], byte[]> rawBytes;

    @BeforeEach
    void open() {
        prefix = "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
        keys = new RedisKeys(prefix, 1);
        config = BatonConfig.builder().store(TestServices.redisUri()).set("keyPrefix", prefix).build();
        store = SessionStores.open(new StoreContext(config, clock), getClass().getClassLoader());
        client = RedisClient.create(TestServices.redisUri());
        StatefulRedisConnection<String, String> connection = client.connect();
        raw = connection.sync();
        rawBytes = client.connect(ByteArrayCodec.INSTANCE).sync();
    }

    @AfterEach
    void close() {
        List<String> left = raw.keys(prefix + "*");
        if (!left.isEmpty()) {
            raw.del(left.toArray(String[]::new));
        }
        store.close();
        client.shutdown();
    }

    private SessionChange create(String id, Instant expiresAt) {
        Instant now = clock.instant();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30), expiresAt,
                null, Map.of("a", "1".getBytes(StandardCharsets.UTF_8)), Set.of());
    }

    private SessionChange update(String id) {
        Instant now = clock.instant();
        return new SessionChange(SessionChange.Kind.UPDATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("b", "2".getBytes(StandardCharsets.UTF_8)), Set.of());
    }

    private String key(String id) {
        return new String(keys.session(id), StandardCharsets.UTF_8);
    }

    @Test
    void loadWhenKeyHoldsAStringThenClearErrorNotUnavailable() {
        String id = ids.next();
        raw.set(key(id), "not a session");

        assertThatThrownBy(() -> store.load(id)).isInstanceOf(SessionStoreException.class)
                .isNotInstanceOf(SessionStoreUnavailableException.class)
                .hasMessageContaining("wrong type").hasMessageNotContaining(id);
        assertThatThrownBy(() -> store.save(update(id))).isInstanceOf(SessionStoreException.class)
                .isNotInstanceOf(SessionStoreUnavailableException.class).hasMessageContaining("wrong type");
        assertThat(raw.get(key(id))).isEqualTo("not a session");
    }

    @Test
    void getAttributeWhenStoredBytesDoNotDecodeThenDroppedWithAWarningAndTheRestOfTheSessionLoads() {
        SessionEngine engine = SessionEngine.builder(config).store(store).clock(clock).build();
        SessionRequest first = engine.newRequest(null);
        first.getSession(true).setAttribute("user", "alice");
        first.getSession(true).setAttribute("cart", new ArrayList<>(List.of("tea", "milk")));
        first.save();
        String id = first.idToSend().orElseThrow();
        byte[] field = "a:cart".getBytes(StandardCharsets.UTF_8);
        byte[] cart = rawBytes.hget(keys.session(id), field);
        rawBytes.hset(keys.session(id), field, Arrays.copyOf(cart, cart.length / 2));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        BatonSession loaded;
        try {
            SessionRequest next = engine.newRequest(id);
            loaded = next.getSession(false);
            assertThat(loaded.getAttribute("cart")).isNull();
            assertThat(loaded.getAttribute("user")).isEqualTo("alice");
            next.save();
        } finally {
            System.setErr(stderr);
        }

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("'cart'").contains("dropped")
                .doesNotContain(id);
        assertThat(loaded.getId()).isEqualTo(id);
        assertThat(store.load(id)).map(s -> s.attributes().keySet()).hasValueSatisfying(
                names -> assertThat(names).contains("user"));
    }

    @Test
    void loadWhenMetadataIsNotANumberThenDamagedErrorAndOtherSessionsStillLoad() {
        String bad = ids.next();
        String good = ids.next();
        store.save(create(bad, clock.instant().plus(Duration.ofMinutes(30))));
        store.save(create(good, clock.instant().plus(Duration.ofMinutes(30))));
        raw.hset(key(bad), "m:version", "seven");

        assertThatThrownBy(() -> store.load(bad)).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("damaged").hasMessageNotContaining(bad);
        assertThat(store.load(good)).map(StoredSession::id).hasValue(good);
    }

    @Test
    void saveWhenExpiryFieldIsNotANumberThenDamagedErrorAndNothingWritten() {
        String id = ids.next();
        store.save(create(id, clock.instant().plus(Duration.ofMinutes(30))));
        raw.hset(key(id), "m:expiresAt", "soon");

        assertThatThrownBy(() -> store.save(update(id))).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("damaged");
        assertThat(raw.hexists(key(id), "a:b")).isFalse();
    }

    @Test
    void reapExpiredWhenOneExpiredSessionIsDamagedThenTheOthersAreStillReturned() {
        String bad = ids.next();
        String good = ids.next();
        Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
        store.save(create(bad, expiry));
        store.save(create(good, expiry));
        raw.hset(key(bad), "m:created", "yesterday");
        clock.advance(Duration.ofMinutes(2));

        List<StoredSession> reaped = store.reapExpired(clock.instant(), 10);

        assertThat(reaped).extracting(StoredSession::id).containsExactly(good);
        assertThat(raw.exists(key(bad), key(good))).isZero();
    }

    @Test
    void reapExpiredWhenIndexEntryIsStaleThenSessionIsKeptAndReindexed() {
        String id = ids.next();
        Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
        store.save(create(id, expiry));
        String index = new String(keys.indexOf(id), StandardCharsets.UTF_8);
        raw.zadd(index, clock.instant().toEpochMilli(), id);

        assertThat(store.reapExpired(clock.instant(), 10)).isEmpty();

        assertThat(store.load(id)).isPresent();
        assertThat(raw.zscore(index, id)).isEqualTo((double) expiry.toEpochMilli());
    }
}
