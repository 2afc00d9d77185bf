/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void nextWhenCalledThenIdCarries256BitsInBase64Url() {
        String id = SessionIds.create().next();

        assertThat(id).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
        assertThat(SessionIds.isWellFormed(id)).isTrue();
    }

    @Test
    void nextWhenCalledManyTimesThenNoRepeats() {
        SessionIds ids = SessionIds.create();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
    }

    @Test
    void isWellFormedWhenLengthOrAlphabetIsWrongThenFalse() {
        String good = SessionIds.create().next();

        assertThat(SessionIds.isWellFormed(null)).isFalse();
        assertThat(SessionIds.isWellFormed("")).isFalse();
        assertThat(SessionIds.isWellFormed(good.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed(good + "A")).isFalse();
        assertThat(SessionIds.isWellFormed("+" + good.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed("/" + good.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed("=" + good.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed("é" + good.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed("\u0000" + good.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed("../" + good.substring(3))).isFalse();
        // The last character of 256 bits in base64 has its 2 low bits zero: 'B' (1) can't end an ID.
        assertThat(SessionIds.isWellFormed(good.substring(0, 42) + "B")).isFalse();
        assertThat(SessionIds.isWellFormed(good.substring(0, 42) + "A")).isTrue();
    }
}
