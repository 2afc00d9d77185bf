/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReusableValuesTest {

    private static final byte[] BYTES = new byte[1000];

    @Test
    void sessionsWhenUsedInTurnAndMoreThanTheBudgetHoldsThenAPartOfThemIsStillReused() {
        // About 12 sessions' values fit; 48 are used one after the other, as a balancer's round robin would.
        ReusableValues values = new ReusableValues(12 * (4 * BYTES.length + 256));
        int reused = 0;
        for (int round = 0; round < 20; round++) {
            for (int session = 0; session < 48; session++) {
                String id = "session-" + session;
                ReusableValues.Kept kept = values.take(id).value("cart", BYTES);
                reused += round > 0 && kept != null ? 1 : 0;
                values.keep(id, Map.of("cart", new ReusableValues.Kept(BYTES, "cart of " + id, null)));
            }
        }

        // Least recently used first out would evict every session before its turn came again: none reused.
        assertThat(reused).isGreaterThan(19 * 48 / 10);
        assertThat(values.bytes()).isLessThanOrEqualTo(12 * (4 * BYTES.length + 256));
    }

    @Test
    void takeWhenTakenOnceThenTheNextTakeFindsNothing() {
        ReusableValues values = new ReusableValues(1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));

        assertThat(values.take("a").value("cart", BYTES)).isNotNull();
        assertThat(values.take("a").value("cart", BYTES)).isNull();
    }

    @Test
    void valueWhenTheStoredBytesDifferThenNone() {
        ReusableValues values = new ReusableValues(1 << 20);
        values.keep("a", Map.of("cart", new ReusableValues.Kept(BYTES, "cart", null)));

        ReusableValues.Taken taken = values.take("a");

        assertThat(taken.value("cart", new byte[999])).isNull();
        assertThat(taken.any("cart")).as("handed back as it was at the end of the request").isNotNull();
    }
}
