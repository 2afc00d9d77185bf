/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredSessionTest {

    private static StoredSession withAttributes(Map<String, byte[]> attributes) {
        return new StoredSession("id", Instant.EPOCH, Instant.EPOCH, Duration.ofMinutes(30), null, 1, null,
                attributes);
    }

    @Test
    void attributesWhenNamesWereDecodedThenTheyAreTheCanonicalStringsInStorageOrder() {
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        // Names as a store decodes them: new strings, equal to the app's literals but not the same objects.
        decoded.put(new String("user".toCharArray()), new byte[] {1});
        decoded.put(new String("cart".toCharArray()), new byte[] {2});

        StoredSession stored = withAttributes(decoded);

        assertThat(List.copyOf(stored.attributes().keySet())).containsExactly("user", "cart");
        assertThat(stored.attributes().keySet()).allSatisfy(name -> assertThat(name).isSameAs(name.intern()));
        assertThat(stored.attributes().keySet().iterator().next()).isSameAs("user");
        assertThat(stored.attributes().get("cart")).containsExactly(2);
    }

    @Test
    void attributesWhenChangedByTheCallerAfterwardsThenFrozen() {
        Map<String, byte[]> attributes = new LinkedHashMap<>(Map.of("a", new byte[] {1}));
        StoredSession stored = withAttributes(attributes);
        attributes.put("b", new byte[] {2});

        assertThat(stored.attributes()).containsOnlyKeys("a");
        assertThatThrownBy(() -> stored.attributes().put("c", new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
