package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The write scripts run twice with one write ID, as Lettuce does when it replays a command whose reply was lost with
 * the connection: the second run reports the same outcome and changes nothing, even after other writes landed in
 * between.
 */
class RedisReplayIT {

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
    private long save(String id, String kind, String writeId, String setName, String setValue, String removed) {
        Instant now = Instant.now();
        Duration timeout = Duration.ofMinutes(30);
        SessionChange change = new SessionChange(kind.equals("C") ? SessionChange.Kind.CREATE
                : SessionChange.Kind.UPDATE, id, now, now, now, timeout, now.plus(timeout), null,
                Map.of(setName, setValue.getBytes(StandardCharsets.UTF_8)),
                removed == null ? Set.of() : Set.of(removed));
        String[] args = Arrays.stream(RedisSessionStore.saveArguments(change, writeId.getBytes(StandardCharsets.UTF_8)))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toArray(String[]::new);
        String[] keyArgs = {key(id), new String(keys.indexOf(id))};
        return redis.eval(Scripts.text(SAVE), ScriptOutputType.INTEGER, keyArgs, args);
    }

    private String key(String id) {
        return new String(keys.session(id));
    }

    private String index(String id) {
        return new String(keys.indexOf(id));
    }

    /** The arguments RedisSessionStore.changeId sends on standalone and Sentinel. */
    private long rename(String oldId, String newId, String writeId) {
        return redis.eval(Scripts.text(RENAME), ScriptOutputType.INTEGER,
                new String[] {key(oldId), index(oldId), key(newId), index(newId)},
                Long.toString(Instant.now().toEpochMilli()), oldId, newId, writeId);
    }

    /** The arguments of step 2 of RedisSessionStore.changeId on Cluster: the old hash copied to the new ID. */
    private long copy(String oldId, String newId, String writeId, String previousWriteId) {
        List<String> args = new ArrayList<>(List.of(newId, Long.toString(Instant.now().toEpochMilli() + 2_100_000),
                writeId, previousWriteId));
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
    void saveWhenDeltaIsReplayedAfterALaterDeltaThenTheLaterDeltaStands() {
        String id = ids.next();
        save(id, "C", "c0ffee01", "cart", "tea", null);
        save(id, "U", "c0ffee02", "user", "alice", null);
        save(id, "U", "c0ffee03", "user", "bob", "cart");
        String version = redis.hget(key(id), "m:version");

        assertThat(save(id, "U", "c0ffee02", "user", "alice", null)).isEqualTo(1L);

        assertThat(redis.hget(key(id), "a:user")).isEqualTo("bob");
        assertThat(redis.hexists(key(id), "a:cart")).isFalse();
        assertThat(redis.hget(key(id), "m:version")).isEqualTo(version);
    }

    @Test
    void saveWhenDeltaIsReplayedAfterSevenLaterDeltasThenTheyStandAndTheLogKeepsEightWrites() {
        String id = ids.next();
        save(id, "C", "c0ffee50", "cart", "tea", null);
        save(id, "U", "c0ffee51", "user", "alice", null);
        for (int i = 2; i <= 8; i++) {
            save(id, "U", "c0ffee5" + i, "user", "user" + i, null);
        }

        assertThat(save(id, "U", "c0ffee51", "user", "alice", null)).isEqualTo(1L);

        assertThat(redis.hget(key(id), "a:user")).isEqualTo("user8");
        assertThat(redis.hget(key(id), "m:writes")).isEqualTo(" c0ffee51 c0ffee52 c0ffee53 c0ffee54 c0ffee55 "
                + "c0ffee56 c0ffee57 c0ffee58");
    }

    @Test
    void saveWhenCreateIsReplayedAfterADeltaThenTheDeltaStands() {
        String id = ids.next();
        save(id, "C", "c0ffee11", "cart", "tea", null);
        save(id, "U", "c0ffee12", "user", "alice", null);

        assertThat(save(id, "C", "c0ffee11", "cart", "tea", null)).isEqualTo(1L);

        assertThat(redis.hget(key(id), "a:user")).isEqualTo("alice");
        assertThat(redis.hget(key(id), "a:cart")).isEqualTo("tea");
    }

    @Test
    void renameWhenReplayedAfterItSucceededAndALaterDeltaThenMovedAndTheDeltaStands() {
        String oldId = ids.next();
        String newId = ids.next();
        save(oldId, "C", "c0ffee21", "cart", "tea", null);
        assertThat(rename(oldId, newId, "c0ffee22")).isEqualTo(1L);
        save(newId, "U", "c0ffee23", "user", "bob", null);
        String version = redis.hget(key(newId), "m:version");

        assertThat(rename(oldId, newId, "c0ffee22")).as("the replay reports the move it repeats")
                .isEqualTo(1L);

        assertThat(redis.hgetall(key(newId))).containsEntry("a:cart", "tea").containsEntry("a:user", "bob")
                .containsEntry("m:version", version);
        assertThat(redis.exists(key(oldId))).isZero();
        assertThat(rename(oldId, newId, "c0ffee24")).as("a new move of the old ID").isZero();
    }

    @Test
    void copyWhenReplayedAfterALaterDeltaThenTheDeltaStands() {
        String oldId = ids.next();
        String newId = ids.next();
        save(oldId, "C", "c0ffee31", "cart", "tea", null);
        assertThat(copy(oldId, newId, "c0ffee32", "")).isEqualTo(1L);
        save(newId, "U", "c0ffee33", "user", "bob", null);

        assertThat(copy(oldId, newId, "c0ffee32", "")).isEqualTo(1L);

        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
        assertThat(copy(oldId, newId, "c0ffee34", "")).as("another copy onto a key in use").isZero();
        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
    }

    @Test
    void copyWhenRetriedAfterTheOldSessionChangedThenTheCopyIsRewrittenFromTheFreshState() {
        String oldId = ids.next();
        String newId = ids.next();
        save(oldId, "C", "c0ffee41", "cart", "tea", null);
        copy(oldId, newId, "c0ffee42", "");
        String staleVersion = redis.hget(key(oldId), "m:version");
        save(oldId, "U", "c0ffee43", "user", "bob", null);

        assertThat(retire(oldId, newId, staleVersion)).as("the old session changed since it was read").isZero();
        assertThat(copy(oldId, newId, "c0ffee44", "c0ffee42")).isEqualTo(1L);
        assertThat(retire(oldId, newId, redis.hget(key(oldId), "m:version"))).isEqualTo(1L);

        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
        assertThat(redis.hgetall(key(oldId))).containsOnlyKeys("m:movedTo");
        assertThat(retire(oldId, newId, "1")).as("a replay of the retirement").isEqualTo(1L);
        assertThat(copy(oldId, newId, "c0ffee42", "")).as("a late replay of the first copy").isEqualTo(0L);
        assertThat(redis.hget(key(newId), "a:user")).isEqualTo("bob");
    }
}
