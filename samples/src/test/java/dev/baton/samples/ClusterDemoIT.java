package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample cluster's demo, as the README runs it: three node JVMs behind the balancer on the embedded H2 store,
 * 200 shoppers, node 1 killed with SIGKILL and restarted, node 2 killed, with the filter and with the Tomcat manager
 * (the same WAR). No session and no cart item may be lost.
 */
class ClusterDemoIT {

    @ParameterizedTest
    @ValueSource(strings = {"filter", "valve"})
    @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
    void demoWhenNodesAreKilledMidTrafficThenNoSessionOrCartItemIsLost(String mode) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                captured.write(b);
            }
        }, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = Cluster.run(new String[] {"--mode", mode, "--demo", "--demo-seconds",
                Long.toString(Duration.ofSeconds(35).toSeconds())});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("| users | requests | failed requests").contains("PASS");
        assertThat(output).containsPattern("\\| 200 \\| \\d+ \\| \\d+ \\| [^|]+ \\| 0 \\| 0 \\|");
        assertThat(exit).isZero();
    }
}
