/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec.stored;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.CodecKind;
import dev.baton.core.EncryptionKey;
import dev.baton.core.codec.AllowList;
import dev.baton.core.codec.ValueCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions stored by an earlier release stay readable: each release adds, under
 * {@code src/test/resources/stored-format/<version>.properties}, the attribute values its format wrote (Base64 of
 * the stored bytes; entries {@code kryo.<attribute>}, {@code java.<attribute>} and {@code encrypted.<attribute>}, the
 * last Kryo under {@link #KEY}), and the current code must decode every one of them to the
 * values below. The README's compatibility policy says which versions must read which.
 */
class StoredFormatTest {

    /** The session the fixtures' values belong to (encryption binds it in). */
    static final String SESSION_ID = "format-fixture-session-id-0123456789abcdefg";
    /** The key the encrypted fixtures were written with; a test key, never a real one. */
    static final EncryptionKey KEY = new EncryptionKey("fixture1", bytes(32));

    /** The attributes every fixture holds, by name. */
    static Map<String, Object> attributes() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("user", "ann");
        values.put("visits", 42);
        values.put("since", Instant.parse("2026-12-06T10:15:30.123456Z"));
        values.put("birthday", LocalDate.of(1990, 2, 28));
        values.put("id", UUID.fromString("6f1c2a9e-3b7d-4c11-9e2f-0a5b8c7d6e4f"));
        values.put("locale", Locale.forLanguageTag("de-CH"));
        values.put("tags", new TreeSet<>(List.of("vip", "beta")));
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("theme", "dark");
        prefs.put("pageSize", 50L);
        values.put("prefs", prefs);
        values.put("cart", new StoredCart("ann", new ArrayList<>(List.of("book", "pen")), new BigDecimal("19.90")));
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1.0"})
    void decodeWhenValuesWereWrittenByThatReleaseThenTheyReadBackEqual(String release) {
        Properties fixture = load(release);
        ValueCodec plain = codec(List.of());
        ValueCodec encrypted = codec(List.of(KEY));
        Map<String, Object> expected = attributes();

        assertThat(fixture.stringPropertyNames()).as("fixture %s", release).hasSize(3 * expected.size());
        for (String entry : fixture.stringPropertyNames()) {
            String attribute = entry.substring(entry.indexOf('.') + 1);
            byte[] stored = Base64.getDecoder().decode(fixture.getProperty(entry));

            ValueCodec codec = entry.startsWith("encrypted.") ? encrypted : plain;
            Object read = codec.decode(SESSION_ID, attribute, stored, getClass().getClassLoader());

            assertThat(read).as("%s in %s", entry, release).isEqualTo(expected.get(attribute));
        }
    }

    /** A codec as a web app configures it; with keys, it refuses values that are not encrypted. */
    static ValueCodec codec(List<EncryptionKey> keys) {
        return ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of("dev.baton.core.codec.stored."),
                name -> false), keys);
    }

    private static Properties load(String release) {
        Properties fixture = new Properties();
        try (InputStream in = StoredFormatTest.class.getResourceAsStream("/stored-format/" + release
                + ".properties")) {
            fixture.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixture;
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 1);
        }
        return bytes;
    }
}
