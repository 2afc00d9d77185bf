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
}
