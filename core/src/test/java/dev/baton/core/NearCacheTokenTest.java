/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client's near-cache token: the version it last saw, bound to its session ID. */
class NearCacheTokenTest {

    private final SessionIds ids = SessionIds.create();

    @Test
    void versionWhenTokenMadeForTheSameSessionThenItsVersion() {
        String id = ids.next();

        assertThat(NearCache.version(NearCache.token(id, 1), id)).isEqualTo(1);
        assertThat(NearCache.version(NearCache.token(id, 123_456_789L), id)).isEqualTo(123_456_789L);
    }

    @Test
    void versionWhenTokenMadeForAnotherSessionThenNone() {
        String token = NearCache.token(ids.next(), 42);

        assertThat(NearCache.version(token, ids.next())).isZero();
    }

    @Test
    void versionWhenTokenAbsentOrMalformedThenNone() {
        String id = ids.next();
        String hash = NearCache.token(id, 5).substring(NearCache.token(id, 5).indexOf('.'));

        assertThat(NearCache.version(null, id)).isZero();
        assertThat(NearCache.version("", id)).isZero();
        assertThat(NearCache.version(hash, id)).as("no version").isZero();
        assertThat(NearCache.version("!!" + hash, id)).isZero();
        assertThat(NearCache.version("-5" + hash, id)).as("negative").isZero();
        assertThat(NearCache.version("z".repeat(40) + hash, id)).as("too long").isZero();
        assertThat(NearCache.version(NearCache.token(id, 5), null)).isZero();
    }
}
