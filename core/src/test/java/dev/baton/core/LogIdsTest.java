/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionIds;
import org.junit.jupiter.api.Test;

class LogIdsTest {

    @Test
    void hashWhenSameIdThenSameShortHashThatDoesNotContainTheId() {
        String id = SessionIds.create().next();

        String hash = LogIds.hash(id);

        assertThat(hash).matches("#[0-9a-f]{16}").isEqualTo(LogIds.hash(id)).doesNotContain(id);
        assertThat(LogIds.hash(SessionIds.create().next())).isNotEqualTo(hash);
        assertThat(LogIds.hash(null)).isEqualTo("#none");
    }

    @Test
    void hashWhenIdsShareASlotOfTheRecentHashesThenEachStillGetsItsOwn() throws Exception {
        // "Aa" and "BB" have the same hashCode: so have these two IDs, in the table of recent hashes as anywhere.
        String first = SessionIds.create().next() + "Aa";
        String second = first.substring(0, first.length() - 2) + "BB";

        for (int i = 0; i < 3; i++) {
            assertThat(LogIds.hash(first)).isEqualTo(salted(first));
            assertThat(LogIds.hash(second)).isEqualTo(salted(second));
        }
        assertThat(salted(first)).isNotEqualTo(salted(second));
    }

    /** The documented hash, made here on its own: SHA-256 of the salt and the ID, its first 8 bytes in hex. */
    private static String salted(String id) throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(("baton-log-id:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "#" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    }
}
