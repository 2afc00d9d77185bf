/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code wrk} run of a workload against a node, each connection cycling through its own sessions. */
final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);

    private Wrk() {
    }

    /**
     * Runs {@code wrk} with {@code threads} threads and reads its report.
     *
     * @return requests per second and latency percentiles (no CPU figures)
     */
    static LoadBenchmark.Measurement run(int port, String workload, SessionShape size, List<String> cookies,
            Duration duration, int connections, int threads) throws IOException, InterruptedException {
        StringBuilder lua = new StringBuilder("local cookies = {");
        for (String cookie : cookies) {
            lua.append('"').append(cookie).append("\",");
        }
        // Each wrk thread cycles through its own share of the sessions, twice as many as its connections: a session's
        // previous request has always finished when it is sent again, so no two requests of a session overlap
        // (except when all connections share one session on purpose).
        lua.append("}\nlocal n = 0\nlocal next_id = 0\n")
                .append("function setup(thread) thread:set(\"id\", next_id) next_id = next_id + 1 end\n")
                .append("function request()\n  n = n + 1\n")
                .append("  local per = math.max(1, math.floor(#cookies / ").append(threads).append("))\n")
                .append("  local c = cookies[((id or 0) * per + (n % per)) % #cookies + 1]\n")
                .append("  return wrk.format(\"GET\", \"/").append(workload)
                .append("?size=").append(size.label).append("\", {[\"Cookie\"] = c})\nend\n");
        Path script = Files.createTempFile("baton-wrk", ".lua");
        Files.writeString(script, lua);
        Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--latency", "-s", script.toString(), "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + output);
        }
        Files.delete(script);
        if (output.contains("Non-2xx or 3xx responses")) {
            throw new IOException("the " + workload + " workload got errors (the nodes' logs are in "
                    + "benchmarks/target/load/nodes):\n" + output);
        }
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IOException("no Requests/sec in wrk's output:\n" + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1.0;
                default -> 1000.0;
            };
            if (percentile.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        return new LoadBenchmark.Measurement(Double.parseDouble(rps.group(1)), p50, p99, Double.NaN, Double.NaN);
    }
}
