/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the parsing of Redis store URIs (issue 18): only {@link IllegalArgumentException}, and the password never
 * in its message. Runs over the seeds in {@code RedisUrisFuzzTestInputs/<method>/} in every build; fuzzes with
 * {@code JAZZER_FUZZ=1} (docs/security.md).
 */
class RedisUrisFuzzTest {

    private static final String SECRET = "Zq9Secret";

    @FuzzTest(maxDuration = "10s")
    void parse(FuzzedDataProvider data) {
        boolean cluster = data.consumeBoolean();
        String scheme = cluster ? "redis-cluster://"
                : data.pickValue(new String[] {"redis://", "rediss://", "redis-sentinel://"});
        String user = data.consumeString(8).replace(SECRET, "");
        String password = data.consumeString(12).replace(SECRET, "") + SECRET;
        String rest = data.consumeRemainingAsString().replace(SECRET, "").replace("@", "");
        String uri = scheme + user + ":" + password + "@" + rest;

        try {
            if (cluster) {
                RedisUris.clusterSeeds(uri);
            } else {
                RedisUris.parse(uri);
            }
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as(uri).doesNotContain(SECRET);
            assertThat(e.getCause()).isNull();
        }
    }
}
