/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.ConfigKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json} (the IDE's completion of {@code baton.*} properties) says what
 * {@link ConfigKey} says. On a mismatch, the expected file is written to {@code target/} for copying.
 */
class ConfigurationMetadataTest {

    private static final String RESOURCE = "/META-INF/spring-configuration-metadata.json";

    @Test
    void metadataWhenComparedWithConfigKeysThenEqual() throws IOException {
        String expected = expectedMetadata();
        String actual;
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(RESOURCE)) {
            actual = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            Path written = Path.of("target", "spring-configuration-metadata.json");
            Files.writeString(written, expected);
            assertThat(actual).as("src/main/resources" + RESOURCE + " differs from ConfigKey; the expected file is "
                    + written.toAbsolutePath()).isEqualTo(expected);
        }
    }

    @Test
    void metadataWhenGeneratedThenEveryKeyHasAKebabCaseProperty() {
        String metadata = expectedMetadata();
        assertThat(metadata).contains("\"name\": \"baton.store-timeout\"", "\"name\": \"baton.max-inactive-interval\"",
                "\"name\": \"baton.store\"");
        assertThat(metadata.split("\"sourceType\"", -1)).hasSize(ConfigKey.values().size() + 2);
    }

    private static String expectedMetadata() {
        StringJoiner properties = new StringJoiner(",\n", "", "\n");
        for (ConfigKey<?> key : ConfigKey.values()) {
            properties.add("    {\n"
                    + "      \"name\": \"baton." + kebabCase(key.key()) + "\",\n"
                    + "      \"type\": \"java.lang.String\",\n"
                    + "      \"description\": \"" + json(key.description() + ". Default: " + key.defaultText()
                            + ". Also -D" + key.systemProperty() + " or " + key.environmentVariable() + ".") + "\",\n"
                    + "      \"sourceType\": \"dev.baton.core.ConfigKey\"\n"
                    + "    }");
        }
        return "{\n"
                + "  \"groups\": [\n"
                + "    {\n"
                + "      \"name\": \"baton\",\n"
                + "      \"description\": \"Baton: HTTP sessions replicated through a shared store. Values use "
                + "Baton's grammar (durations 500ms, 90s, 30m, 2h, 1d; sizes 512KiB, 1MiB).\",\n"
                + "      \"sourceType\": \"dev.baton.core.ConfigKey\"\n"
                + "    }\n"
                + "  ],\n"
                + "  \"properties\": [\n"
                + properties
                + "  ]\n"
                + "}\n";
    }

    private static String kebabCase(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
