/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.redis.internal.SaveArguments;
import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.internal.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key's TTL: never short of {@code expiresAt + GRACE}, and moved by a save only when the session's expiry has
 * caught up with it (most saves skip the {@code PEXPIREAT}).
 */
class RedisTtlIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final SessionIds ids = SessionIds.create();
    private String prefix;
    private RedisKeys keys;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private SessionStore store;

    @BeforeEach
    void open() {
        prefix = "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
        keys = new RedisKeys(prefix, 1);
        client = RedisClient.create(TestServices.redisUri());
        redis = client.connect().sync();
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri()).set("keyPrefix", prefix).build();
        store = SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader());
    }

    @AfterEach
    void close() {
        store.close();
        List<String> left = redis.keys(prefix + "*");
        if (!left.isEmpty()) {
            redis.del(left.toArray(String[]::new));
        }
        client.shutdown();
    }

    private SaveResult save(SessionChange.Kind kind, String id, Instant at, Duration timeout) {
        Instant expiresAt = timeout.isZero() ? null : at.plus(timeout);
        return store.save(new SessionChange(kind, id, at, at, at, timeout, expiresAt,
                null, Map.of("cart", "tea".getBytes(StandardCharsets.UTF_8)), Set.of()));
    }

    private long expireTime(String id) {
        return redis.pexpiretime(new String(keys.session(id), StandardCharsets.UTF_8));
    }

    private String field(String id, String field) {
        return redis.hget(new String(keys.session(id), StandardCharsets.UTF_8), field);
    }

    private static long millis(Instant at, Duration... plus) {
        Instant sum = at;
        for (Duration d : plus) {
            sum = sum.plus(d);
        }
        return sum.toEpochMilli();
    }

    @Test
    void createWhenSavedThenTtlIsExpiryPlusGracePlusHeadroom() {
        String id = ids.next();
        Instant now = Instant.now();

        save(SessionChange.Kind.CREATE, id, now, TIMEOUT);

        long expected = millis(now, TIMEOUT, SaveArguments.GRACE, SaveArguments.TTL_HEADROOM);
        assertThat(expireTime(id)).isEqualTo(expected);
        assertThat(field(id, "m:ttlAt")).isEqualTo(Long.toString(expected));
    }

    @Test
    void deltaWhenExpiryStillWithinTheTtlThenTtlUnchanged() {
        String id = ids.next();
        Instant now = Instant.now();
        save(SessionChange.Kind.CREATE, id, now, TIMEOUT);
        long before = expireTime(id);

        Instant later = now.plus(Duration.ofMinutes(4));
        assertThat(save(SessionChange.Kind.UPDATE, id, later, TIMEOUT)).isEqualTo(SaveResult.SAVED);

        assertThat(expireTime(id)).isEqualTo(before).isGreaterThanOrEqualTo(millis(later, TIMEOUT,
                SaveArguments.GRACE));
    }

    @Test
    void deltaWhenExpiryPassesTheTtlThenTtlMovedWithHeadroom() {
        String id = ids.next();
        Instant now = Instant.now();
        save(SessionChange.Kind.CREATE, id, now, TIMEOUT);

        Instant later = now.plus(Duration.ofMinutes(6));
        save(SessionChange.Kind.UPDATE, id, later, TIMEOUT);

        long expected = millis(later, TIMEOUT, SaveArguments.GRACE, SaveArguments.TTL_HEADROOM);
        assertThat(expireTime(id)).isEqualTo(expected);
        assertThat(field(id, "m:ttlAt")).isEqualTo(Long.toString(expected));
    }

    @Test
    void deltasWhenTimeoutChangesBackAndForthThenTtlNeverShortOfExpiryPlusGrace() {
        String id = ids.next();
        Instant at = Instant.now();
        save(SessionChange.Kind.CREATE, id, at, TIMEOUT);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            at = at.plusSeconds(random.nextInt(0, 50));
            Duration timeout = Duration.ofMinutes(random.nextInt(1, 90));
            assertThat(save(SessionChange.Kind.UPDATE, id, at, timeout)).isEqualTo(SaveResult.SAVED);

            assertThat(expireTime(id)).as("save %d", i)
                    .isGreaterThanOrEqualTo(millis(at, timeout, SaveArguments.GRACE));
            assertThat(Long.parseLong(field(id, "m:ttlAt"))).isEqualTo(expireTime(id));
        }
    }

    @Test
    void deltaWhenSessionNoLongerExpiresThenPersistedAndBackAgainThenTtlSet() {
        String id = ids.next();
        Instant now = Instant.now();
        save(SessionChange.Kind.CREATE, id, now, TIMEOUT);

        save(SessionChange.Kind.UPDATE, id, now, Duration.ZERO);
        assertThat(redis.pttl(new String(keys.session(id), StandardCharsets.UTF_8))).isEqualTo(-1L);
        assertThat(field(id, "m:ttlAt")).isNull();

        save(SessionChange.Kind.UPDATE, id, now, TIMEOUT);
        assertThat(expireTime(id)).isEqualTo(millis(now, TIMEOUT, SaveArguments.GRACE,
                SaveArguments.TTL_HEADROOM));
    }
}
