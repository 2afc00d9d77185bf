/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.redis.internal.SaveArguments;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.internal.Scripts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
 * The scripts of a change of ID, run as the store runs them: {@code rename.lua} (standalone, Sentinel) moves only a
 * live session; {@code copy.lua} and {@code retire.lua} (the steps of a Cluster change of ID) never write over
 * another session, let a later attempt of the same change replace its own earlier copy, and retire the old ID only
 * if no write changed it since it was read.
 */
class RedisChangeIdScriptsIT {

    private static final Scripts.Script SAVE = Scripts.load("save");
    private static final Scripts.Script RENAME = Scripts.load("rename");
    private static final Scripts.Script COPY = Scripts.load("copy");
    private static final Scripts.Script RETIRE = Scripts.load("retire");

    private final SessionIds ids = SessionIds.create();
    private String prefix;
    private RedisKeys keys;
    private RedisClient client;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void open() {
        prefix = "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
        keys = new RedisKeys(prefix, 1);
        client = RedisClient.create(TestServices.redisUri());
        StatefulRedisConnection<String, String> connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void close() {
        List<String> left = redis.keys(prefix + "*");
        if (!left.isEmpty()) {
            redis.del(left.toArray(String[]::new));
        }
        client.shutdown();
    }

    /** What RedisSessionStore.save sends, with one attribute set and one (or none) removed. */
    private long save(String id, String kind, String setName, String setValue, String removed) {
        Instant now = Instant.now();
        Duration timeout = Duration.ofMinutes(30);
        SessionChange change = new SessionChange(kind.equals("C") ? SessionChange.Kind.CREATE
                : SessionChange.Kind.UPDATE, id, now, now, now, timeout, now.plus(timeout), null,
                Map.of(setName, setValue.getBytes(StandardCharsets.UTF_8)),
                removed == null ? Set.of() : Set.of(removed));
        String[] args = Arrays.stream(SaveArguments.of(change))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toArray(String[]::new);
        String[] keyArgs = {key(id), new String(keys.indexOf(id)), new String(keys.countersOf(id))};
        return redis.eval(Scripts.text(SAVE), ScriptOutputType.INTEGER, keyArgs, args);
    }

    private String key(String id) {
        return new String(keys.session(id));
    }

    private String index(String id) {
        return new String(keys.indexOf(id));
    }

    /** The arguments RedisSessionStore.changeId sends on standalone and Sentinel. */
    private long rename(String oldId, String newId) {
        return redis.eval(Scripts.text(RENAME), ScriptOutputType.INTEGER,
                new String[] {key(oldId), index(oldId), key(newId), index(newId)},
                Long.toString(Instant.now().toEpochMilli()), oldId, newId);
    }

    /** The arguments of step 2 of RedisSessionStore.changeId on Cluster: the old hash copied to the new ID. */
    private long copy(String oldId, String newId, String copyId, String previousCopyId) {
        List<String> args = new ArrayList<>(List.of(newId, Long.toString(Instant.now().toEpochMilli() + 2_100_000),
                copyId, previousCopyId));
        redis.hgetall(key(oldId)).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return redis.eval(Scripts.text(COPY), ScriptOutputType.INTEGER, new String[] {key(newId), index(newId)},
                args.toArray(String[]::new));
    }

    /** The arguments of step 3 of RedisSessionStore.changeId on Cluster. */
    private long retire(String oldId, String newId, String version) {
        return redis.eval(Scripts.text(RETIRE), ScriptOutputType.INTEGER, new String[] {key(oldId), index(oldId)},
                version, oldId, newId, "60000");
    }

    @Test
    void renameWhenTheSessionIsLiveThenMovedWithItsIndexEntry() {
        String oldId = ids.next();
        String newId = ids.next();
        save(oldId, "C", "cart", "tea", null);

        assertThat(rename(oldId, newId)).isEqualTo(1L);

        assertThat(redis.hgetall(key(newId))).containsEntry("a:cart", "tea").containsEntry("m:version", "2");
        assertThat(redis.exists(key(oldId))).isZero();
        assertThat(redis.zscore(index(newId), newId)).isNotNull();
        assertThat(redis.zscore(index(oldId), oldId)).isNull();
        assertThat(rename(oldId, newId)).as("a new move of the old ID").isZero();
    }

    @Test
    void copyWhenTheNewKeyHoldsAnotherSessionThenNothingIsWritten() {
        String oldId = ids.next();
        String newId = ids.next();
        save(oldId, "C", "cart", "tea", null);
        save(newId, "C", "user", "bob", null);

        assertThat(copy(oldId, newId, "c0ffee32", "")).isZero();

        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
        assertThat(redis.hexists(key(newId), "a:cart")).isFalse();
    }

    @Test
    void copyWhenRetriedAfterTheOldSessionChangedThenTheCopyIsRewrittenFromTheFreshState() {
        String oldId = ids.next();
        String newId = ids.next();
        save(oldId, "C", "cart", "tea", null);
        copy(oldId, newId, "c0ffee42", "");
        String staleVersion = redis.hget(key(oldId), "m:version");
        save(oldId, "U", "user", "bob", null);

        assertThat(retire(oldId, newId, staleVersion)).as("the old session changed since it was read").isZero();
        assertThat(copy(oldId, newId, "c0ffee44", "c0ffee42")).isEqualTo(1L);
        assertThat(retire(oldId, newId, redis.hget(key(oldId), "m:version"))).isEqualTo(1L);

        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
        assertThat(redis.hget(key(newId), "m:copy")).isEqualTo("c0ffee44");
        assertThat(redis.hgetall(key(oldId))).containsOnlyKeys("m:movedTo");
        assertThat(retire(oldId, newId, "1")).as("the retirement again").isEqualTo(1L);
        assertThat(copy(oldId, newId, "c0ffee46", "c0ffee42")).as("a copy that names an older copy").isZero();
        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
    }
}
