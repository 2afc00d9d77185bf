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
        assertThat(NearCache.version("5" + hash.toUpperCase(java.util.Locale.ROOT), id)).as("upper case")
                .isEqualTo(hash.equals(hash.toUpperCase(java.util.Locale.ROOT)) ? 5 : 0);
        assertThat(NearCache.version("5" + hash + "0", id)).as("a digit more").isZero();
        assertThat(NearCache.version("5." + hash, id)).as("two dots").isZero();
    }

    @Test
    void versionWhenNotExactlyTheTokenOfThatVersionThenNone() {
        String id = ids.next();

        for (long version : new long[] {1, 35, 36, 123_456_789L, Long.MAX_VALUE}) {
            assertThat(NearCache.version(NearCache.token(id, version), id)).as("version %d", version)
                    .isEqualTo(version);
        }
        String token = NearCache.token(id, 36);
        assertThat(NearCache.version("0" + token, id)).as("leading zero").isZero();
        assertThat(NearCache.version("+" + token, id)).as("sign").isZero();
        assertThat(NearCache.version("Z" + token.substring(token.indexOf('.')), id)).as("upper case").isZero();
        assertThat(NearCache.version("z" + token.substring(token.indexOf('.')), id)).isEqualTo(35);
        assertThat(NearCache.version("1y2p0ij32e8e8" + token.substring(token.indexOf('.')), id)).as("past a long")
                .isZero();
        assertThat(NearCache.version(NearCache.token(id, 0), id)).as("no version is no token").isZero();
    }
}
