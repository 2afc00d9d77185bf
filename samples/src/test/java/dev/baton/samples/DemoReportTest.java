/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    private static final List<Demo.Event> KILL_AT_10 = List.of(new Demo.Event(10.0, "node-1 killed with SIGKILL"));

    @Test
    void passedWhenEveryShopperKeptTheCartThenTrue() {
        Demo.Report report = new Demo.Report(2, 40, failuresAt(10.5), Map.of(Demo.Outcome.KEPT, 2), KILL_AT_10);

        assertThat(report.passed()).isTrue();
        assertThat(report.table()).contains(" 10.0 s  node-1 killed with SIGKILL")
                .contains("| 2 | 40 | 1 | 0 | 10.5-10.5 | 0 | 0 |").contains("PASS");
    }

    @Test
    void tableWhenRequestsFailNearAndAwayFromAKillThenCountsThemApart() {
        // Issue 26: failures seconds before the first kill read like the kills' own.
        Demo.Report report = new Demo.Report(2, 40, failuresAt(4.0, 9.9, 10.0, 11.9, 12.1),
                Map.of(Demo.Outcome.KEPT, 2), KILL_AT_10);

        assertThat(report.failedNearKills()).isEqualTo(2);
        assertThat(report.failedOtherwise()).isEqualTo(3);
        assertThat(report.table()).contains("| 2 | 40 | 2 | 3 | 4.0-4.0, 9.9-10.0, 11.9-12.1 | 0 | 0 |");
    }

    @Test
    void passedWhenARequestFailedAwayFromTheKillsThenFalseAndTheTableSaysSo() {
        Demo.Report report = new Demo.Report(2, 40, failuresAt(4.0), Map.of(Demo.Outcome.KEPT, 2), KILL_AT_10);

        assertThat(report.passed()).isFalse();
        assertThat(report.table())
                .contains("requests that failed away from the kills (not within 2 s after a kill or a restart): 1")
                .contains("    4.0 s  HTTP 503 on GET /api/cart").contains("FAIL");
    }

    @Test
    void passedWhenAShopperCouldNotSignInThenFalseAndTheTableSaysSo() {
        Demo.Report report = new Demo.Report(2, 40, failuresAt(), Map.of(Demo.Outcome.KEPT, 1,
                Demo.Outcome.NOT_SIGNED_IN, 1), List.of());

        assertThat(report.passed()).isFalse();
        assertThat(report.table()).contains("| 2 | 40 | 0 | 0 | - | 0 | 0 |")
                .contains("shoppers who could not sign in: 1").contains("FAIL");
    }

    @Test
    void passedWhenAFinalCheckGotNoAnswerThenFalse() {
        Demo.Report report = new Demo.Report(1, 10, failuresAt(), Map.of(Demo.Outcome.NO_ANSWER, 1), List.of());

        assertThat(report.passed()).isFalse();
        assertThat(report.table()).contains("shoppers whose final check got no answer: 1").contains("FAIL");
    }

    private static List<Demo.Failure> failuresAt(double... seconds) {
        return Arrays.stream(seconds).mapToObj(at -> new Demo.Failure(at, "HTTP 503 on GET /api/cart")).toList();
    }
}
