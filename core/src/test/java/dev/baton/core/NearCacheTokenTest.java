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
    void isTokenWhenExactlyTheTokenOfThatVersionAndSessionThenTrue() {
        String id = ids.next();

        for (long version : new long[] {1, 35, 36, 123_456_789L, Long.MAX_VALUE}) {
            assertThat(NearCache.isToken(NearCache.token(id, version), id, version)).as("version %d", version).isTrue();
            assertThat(NearCache.isToken(NearCache.token(id, version), id, version + 1)).isFalse();
            assertThat(NearCache.isToken(NearCache.token(id, version), ids.next(), version)).isFalse();
        }
        String token = NearCache.token(id, 36);
        assertThat(NearCache.isToken("0" + token, id, 36)).as("leading zero").isFalse();
        assertThat(NearCache.isToken(token.toUpperCase(java.util.Locale.ROOT), id, 36)).as("upper case").isFalse();
        assertThat(NearCache.isToken(token.substring(1), id, 36)).isFalse();
        assertThat(NearCache.isToken(token.substring(token.indexOf('.')), id, 36)).as("no version").isFalse();
        assertThat(NearCache.isToken(null, id, 36)).isFalse();
        assertThat(NearCache.isToken("", id, 36)).isFalse();
        assertThat(NearCache.isToken(NearCache.token(id, 0), id, 0)).as("no version is no token").isFalse();
    }
}
