/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.testing.MutableClock;
import dev.baton.core.testing.TestServices;
import dev.baton.redis.internal.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session hash as an earlier release's Redis store wrote it (field names, metadata encoding, attribute bytes) is
 * still a whole session to the current store. Each release adds its hash under
 * {@code src/test/resources/stored-format/<version>-redis.properties} ({@code id}, {@code writtenAt}, and
 * {@code field.<hash field>} = Base64 of the value); its attribute values are entries of core's fixture of the same
 * release, which core's {@code StoredFormatTest} decodes.
 */
class RedisStoredFormatIT {

    @ParameterizedTest
    @ValueSource(strings = {"0.1.0"})
    void loadWhenTheHashWasWrittenByThatReleaseThenTheWholeSessionReadsBack(String release) {
        Properties hash = fixture(release + "-redis");
        Properties values = fixture(release);
        String id = hash.getProperty("id");
        Instant writtenAt = Instant.parse(hash.getProperty("writtenAt"));
        String prefix = "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
        byte[] key = new RedisKeys(prefix, 1).session(id);
        RedisClient client = RedisClient.create(TestServices.redisUri());
        RedisCommands<byte[], byte[]> raw = client.connect(ByteArrayCodec.INSTANCE).sync();
        BatonConfig config = BatonConfig.builder().store(TestServices.redisUri()).set("keyPrefix", prefix).build();
        try {
            raw.hset(key, fields(hash));
            raw.pexpire(key, Duration.ofMinutes(1).toMillis());
            StoredSession session;
            try (SessionStore store = SessionStores.open(
                    new StoreContext(config, new MutableClock(writtenAt.plusSeconds(60))), getClass().getClassLoader())) {
                session = store.load(id).orElseThrow();
            }

            assertThat(List.of(session.created(), session.lastAccessed(), session.expiresAt()))
                    .containsExactly(writtenAt, writtenAt, writtenAt.plus(Duration.ofMinutes(30)));
            assertThat(session.maxInactive()).isEqualTo(Duration.ofMinutes(30));
            assertThat(session.version()).isEqualTo(1);
            assertThat(session.principal()).isEqualTo("ann");
            assertThat(session.attributes()).containsOnlyKeys("user", "cart", "prefs");
            assertThat(session.attributes().get("user")).isEqualTo(base64(values, "kryo.user"));
            assertThat(session.attributes().get("cart")).isEqualTo(base64(values, "kryo.cart"));
            assertThat(session.attributes().get("prefs")).isEqualTo(base64(values, "java.prefs"));
        } finally {
            List<byte[]> left = raw.keys((prefix + "*").getBytes(StandardCharsets.UTF_8));
            if (!left.isEmpty()) {
                raw.del(left.toArray(byte[][]::new));
            }
            client.shutdown();
        }
    }

    private static Map<byte[], byte[]> fields(Properties hash) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (String name : hash.stringPropertyNames()) {
            if (name.startsWith("field.")) {
                fields.put(name.substring("field.".length()).getBytes(StandardCharsets.UTF_8), base64(hash, name));
            }
        }
        return fields;
    }

    private static byte[] base64(Properties properties, String name) {
        return Base64.getDecoder().decode(properties.getProperty(name));
    }

    private static Properties fixture(String name) {
        Properties fixture = new Properties();
        try (InputStream in = RedisStoredFormatIT.class.getResourceAsStream("/stored-format/" + name + ".properties")) {
            fixture.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixture;
    }
}
