package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    @Test
    void passedWhenEveryShopperKeptTheCartThenTrue() {
        Demo.Report report = new Demo.Report(2, 40, List.of(1.5), Map.of(Demo.Outcome.KEPT, 2), List.of());

        assertThat(report.passed()).isTrue();
        assertThat(report.table()).contains("| 2 | 40 | 1 | 1.5-1.5 | 0 | 0 |").contains("PASS");
    }

    @Test
    void passedWhenAShopperCouldNotSignInThenFalseAndTheTableSaysSo() {
        Demo.Report report = new Demo.Report(2, 40, List.of(), Map.of(Demo.Outcome.KEPT, 1,
                Demo.Outcome.NOT_SIGNED_IN, 1), List.of());

        assertThat(report.passed()).isFalse();
        assertThat(report.table()).contains("| 2 | 40 | 0 | - | 0 | 0 |").contains("shoppers who could not sign in: 1")
                .contains("FAIL");
    }

    @Test
    void passedWhenAFinalCheckGotNoAnswerThenFalse() {
        Demo.Report report = new Demo.Report(1, 10, List.of(), Map.of(Demo.Outcome.NO_ANSWER, 1), List.of());

        assertThat(report.passed()).isFalse();
        assertThat(report.table()).contains("shoppers whose final check got no answer: 1").contains("FAIL");
    }
}
