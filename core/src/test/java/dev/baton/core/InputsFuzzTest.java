/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what parses the other outside input core sees (issue 18): session IDs as clients send them, store URIs and
 * configuration values. Runs over the seeds in {@code InputsFuzzTestInputs/<method>/} in every build; fuzzes with
 * {@code JAZZER_FUZZ=1} (docs/security.md).
 */
class InputsFuzzTest {

    private static final String SECRET = "Zq9Secret";
    private static final ConfigKey<?>[] KEYS = ConfigKey.values().toArray(new ConfigKey<?>[0]);

    @FuzzTest(maxDuration = "5s")
    void sessionIds(String candidate) {
        boolean wellFormed = SessionIds.isWellFormed(candidate);

        assertThat(wellFormed).isEqualTo(candidate != null && candidate.length() == SessionIds.LENGTH
                && candidate.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')));
        assertThat(LogIds.hash(candidate)).matches(candidate == null ? "#none" : "#[0-9a-f]{16}");
    }

    @FuzzTest(maxDuration = "5s")
    void storeUriMaskHidesThePassword(FuzzedDataProvider data) {
        String scheme = data.pickValue(new String[] {"redis://", "rediss://", "redis-sentinel://", "redis-cluster://",
            "jdbc:postgresql://", "jdbc:mysql://", "", "jdbc:oracle:thin:"});
        String user = data.consumeString(8).replace(SECRET, "");
        String password = data.consumeString(12).replace(SECRET, "") + SECRET;
        String rest = data.consumeRemainingAsString().replace(SECRET, "");
        String uri = scheme.startsWith("jdbc:postgresql") ? scheme + rest + "?password=" + password
                : scheme + user + ":" + password + "@" + rest.replace("@", "");

        assertThat(StoreUris.mask(uri)).as(uri).doesNotContain(SECRET);
    }

    @FuzzTest(maxDuration = "10s")
    void configValues(FuzzedDataProvider data) {
        ConfigKey<?> key = data.pickValue(KEYS);
        if (key == ConfigKey.LOCK_URIS) {
            return; // Regular expressions by design: the administrator's, not outside input.
        }
        String value = data.consumeRemainingAsString();

        assertThatCode(() -> {
            try {
                BatonConfig.builder().store("memory:").set(key.key(), value).build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (key == ConfigKey.ENCRYPTION_KEYS && value.length() >= 8) {
                    assertThat(e.getMessage()).doesNotContain(value);
                }
            }
        }).as(key.key() + "=" + value).doesNotThrowAnyException();
    }
}
