/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite's quick mode ({@code bash scripts/chaos.sh --quick}), as CI runs it: three nodes on a private Redis,
 * one killed with SIGKILL and restarted; then three nodes on a private Sentinel setup with {@code replicaAcks=1}, the
 * Redis primary killed with SIGKILL and the replica promoted. Neither may lose a session or an acknowledged cart item,
 * show a shopper another's cart, or bring back a session whose sign-out was acknowledged.
 */
class ChaosQuickIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void quickWhenNodeKilledAndRedisFailsOverThenNothingAcknowledgedIsLostAndNoCartIsWrong() throws Exception {
        // When
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                captured.write(b);
            }
        }, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = Chaos.run(new String[] {"--quick"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        // Then: | name | settings | requests | failed | span | first success | sessions lost | items lost | wrong
        // carts | resurrected | expected | result |
        assertThat(output).containsPattern("\\| node-kill \\| defaults \\| \\d+ \\| \\d+ \\| [^|]+ \\| [\\d.]+ "
                + "\\| 0 of \\d+ \\| 0 of \\d+ \\| 0 \\| 0 of \\d+ \\| loses none \\| PASS \\|");
        assertThat(output).containsPattern("\\| sentinel-acks1 \\| replicaAcks=1 \\| \\d+ \\| \\d+ \\| [^|]+ "
                + "\\| [\\d.]+ \\| 0 of \\d+ \\| 0 of \\d+ \\| 0 \\| 0 of \\d+ \\| loses none \\| PASS \\|");
        assertThat(exit).isZero();
    }
}
