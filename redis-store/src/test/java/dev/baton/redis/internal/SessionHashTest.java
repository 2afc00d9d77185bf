/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionHashTest {

    @Test
    void readsMetadataAndAttributesAndPassesOverBookkeeping() {
        Map<byte[], byte[]> fields = session();
        fields.put(bytes("m:principal"), bytes("jürgen"));
        fields.put(bytes("a:cärt"), new byte[] {1, 2, 3});

        StoredSession session = SessionHash.of(fields).session("id-1");

        assertThat(session.id()).isEqualTo("id-1");
        assertThat(session.created()).isEqualTo(Instant.ofEpochMilli(1764000000000L));
        assertThat(session.lastAccessed()).isEqualTo(Instant.ofEpochMilli(1764000001000L));
        assertThat(session.maxInactive()).isEqualTo(Duration.ofMinutes(30));
        assertThat(session.expiresAt()).isEqualTo(Instant.ofEpochMilli(1764001801000L));
        assertThat(session.version()).isEqualTo(12);
        assertThat(session.principal()).isEqualTo("jürgen");
        assertThat(session.attributes()).containsOnlyKeys("user", "cärt");
        assertThat(session.attributes().get("user")).containsExactly(bytes("ann"));
        assertThat(session.attributes().get("cärt")).containsExactly(1, 2, 3);
    }

    @Test
    void readsAListAsAMapAndAnExpiryOfMinusOneAsNever() {
        Map<byte[], byte[]> fields = session();
        fields.put(bytes("m:expiresAt"), bytes("-1"));
        List<Object> flat = new ArrayList<>();
        fields.forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });

        StoredSession session = SessionHash.of(flat).session("id-1");

        assertThat(session.expiresAt()).isNull();
        assertThat(session.attributes()).containsOnlyKeys("user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seven", "", "-", "12a", "+5", "1234567890123456789", "1.5"})
    void aMetadataNumberThatIsNoneMakesTheSessionDamaged(String version) {
        Map<byte[], byte[]> fields = session();
        fields.put(bytes("m:version"), bytes(version));

        assertThat(SessionHash.of(fields).session("id-1")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"m:created", "m:lastAccess", "m:maxInactive", "m:expiresAt", "m:version"})
    void aMissingMetadataFieldMakesTheSessionDamaged(String missing) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        session().forEach((name, value) -> {
            if (!new String(name, StandardCharsets.UTF_8).equals(missing)) {
                fields.put(name, value);
            }
        });

        assertThat(SessionHash.of(fields).session("id-1")).isNull();
    }

    @Test
    void aTombstoneAndAnEmptyHashAreToldApart() {
        Map<byte[], byte[]> tombstone = new LinkedHashMap<>();
        tombstone.put(bytes("m:movedTo"), bytes("id-2"));

        assertThat(SessionHash.of(tombstone).isTombstone()).isTrue();
        assertThat(SessionHash.of(tombstone).isEmpty()).isFalse();
        assertThat(SessionHash.of(new LinkedHashMap<>()).isEmpty()).isTrue();
        assertThat(SessionHash.of(session()).isTombstone()).isFalse();
    }

    private static Map<byte[], byte[]> session() {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put(bytes("m:created"), bytes("1764000000000"));
        fields.put(bytes("m:lastAccess"), bytes("1764000001000"));
        fields.put(bytes("m:maxInactive"), bytes("1800000"));
        fields.put(bytes("m:expiresAt"), bytes("1764001801000"));
        fields.put(bytes("m:version"), bytes("12"));
        fields.put(bytes("m:copy"), bytes("AAAAAAAA"));
        // Written by earlier versions of the save script: passed over like the other bookkeeping.
        fields.put(bytes("m:writes"), bytes(" AAAAAAAA BBBBBBBB"));
        fields.put(bytes("m:indexed"), bytes("1764001800000"));
        fields.put(bytes("m:ttlAt"), bytes("1764002400000"));
        fields.put(bytes("m:lockOwner"), bytes("node-1"));
        fields.put(bytes("x"), bytes("not ours"));
        fields.put(bytes("a:user"), bytes("ann"));
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
