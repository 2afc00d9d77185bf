/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionIntervalsTest {

    @Test
    void secondsWhenIntervalAsSetThenKeptAsTomcatKeepsIt() {
        assertThat(SessionIntervals.seconds(Duration.ofMinutes(30))).isEqualTo(1800);
        assertThat(SessionIntervals.seconds(Duration.ZERO)).isZero();
        assertThat(SessionIntervals.seconds(Duration.ofSeconds(-1))).isEqualTo(-1);
    }

    @Test
    void secondsWhenBeyondAnIntThenClamped() {
        assertThat(SessionIntervals.seconds(Duration.ofDays(100_000))).isEqualTo(Integer.MAX_VALUE);
        assertThat(SessionIntervals.seconds(Duration.ofDays(-100_000))).isEqualTo(Integer.MIN_VALUE);
    }
}
