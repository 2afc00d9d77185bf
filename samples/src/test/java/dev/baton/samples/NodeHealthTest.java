/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeHealthTest {

    private final NodeHealth health = new NodeHealth();

    private void record(boolean ok, int times) {
        for (int i = 0; i < times; i++) {
            health.record(ok);
        }
    }

    @Test
    void recordWhenFewerFailuresInARowThanFallThenStaysInRotation() {
        // Issue 26: one slow check took a busy node out.
        record(false, NodeHealth.FALL - 1);
        health.record(true);
        record(false, NodeHealth.FALL - 1);

        assertThat(health.inRotation()).isTrue();
    }

    @Test
    void recordWhenFallFailuresInARowThenOutOfRotation() {
        record(false, NodeHealth.FALL);

        assertThat(health.inRotation()).isFalse();
    }

    @Test
    void recordWhenOutAndFewerSuccessesThanRiseThenStaysOut() {
        record(false, NodeHealth.FALL);

        record(true, NodeHealth.RISE - 1);
        health.record(false);
        record(true, NodeHealth.RISE - 1);

        assertThat(health.inRotation()).isFalse();
    }

    @Test
    void recordWhenOutAndRiseSuccessesInARowThenBackInRotation() {
        record(false, NodeHealth.FALL);

        assertThat(health.record(true)).isFalse();
        record(true, NodeHealth.RISE - 1);

        assertThat(health.inRotation()).isTrue();
    }

    @Test
    void markDownWhenInRotationThenOutUntilRiseSuccesses() {
        health.record(true);

        health.markDown();

        assertThat(health.inRotation()).isFalse();
        record(true, NodeHealth.RISE);
        assertThat(health.inRotation()).isTrue();
    }

    @Test
    void settingsWhenComparedThenAKilledNodeIsOutWithinASecondAndASlowCheckIsTolerated() {
        assertThat(NodeHealth.INTERVAL.multipliedBy(NodeHealth.FALL)).isLessThanOrEqualTo(
                java.time.Duration.ofSeconds(1));
        assertThat(NodeHealth.TIMEOUT).isGreaterThanOrEqualTo(NodeHealth.INTERVAL.multipliedBy(4));
    }
}
