package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionIds;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.internal.Scripts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The save script run twice with one write ID, as Lettuce does when it replays a command whose reply was lost with
 * the connection: the second run changes nothing, even after other writes landed in between.
 */
class RedisReplayIT {

    private static final Scripts.Script SAVE = Scripts.load("save");

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

    /** The arguments RedisSessionStore.save sends, for one attribute set and one removed. */
    private long save(String id, String kind, String writeId, String setName, String setValue, String removed) {
        long now = Instant.now().toEpochMilli();
        long expiresAt = now + 1_800_000;
        List<String> args = new ArrayList<>(List.of(kind, Long.toString(now), Long.toString(now), Long.toString(now),
                "1800000", Long.toString(expiresAt), "", Long.toString(expiresAt + 300_000), id, writeId, "1",
                setName, setValue));
        if (removed == null) {
            args.add("0");
        } else {
            args.addAll(List.of("1", removed));
        }
        String[] keyArgs = {key(id), new String(keys.indexOf(id))};
        return redis.eval(Scripts.text(SAVE), ScriptOutputType.INTEGER, keyArgs, args.toArray(String[]::new));
    }

    private String key(String id) {
        return new String(keys.session(id));
    }

    @Test
    void saveWhenDeltaIsReplayedAfterALaterDeltaThenTheLaterDeltaStands() {
        String id = ids.next();
        save(id, "C", "c0ffee0000000001", "cart", "tea", null);
        save(id, "U", "c0ffee0000000002", "user", "alice", null);
        save(id, "U", "c0ffee0000000003", "user", "bob", "cart");
        String version = redis.hget(key(id), "m:version");

        assertThat(save(id, "U", "c0ffee0000000002", "user", "alice", null)).isEqualTo(1L);

        assertThat(redis.hget(key(id), "a:user")).isEqualTo("bob");
        assertThat(redis.hexists(key(id), "a:cart")).isFalse();
        assertThat(redis.hget(key(id), "m:version")).isEqualTo(version);
    }

    @Test
    void saveWhenCreateIsReplayedAfterADeltaThenTheDeltaStands() {
        String id = ids.next();
        save(id, "C", "c0ffee0000000011", "cart", "tea", null);
        save(id, "U", "c0ffee0000000012", "user", "alice", null);

        assertThat(save(id, "C", "c0ffee0000000011", "cart", "tea", null)).isEqualTo(1L);

        assertThat(redis.hget(key(id), "a:user")).isEqualTo("alice");
        assertThat(redis.hget(key(id), "a:cart")).isEqualTo("tea");
    }
}
