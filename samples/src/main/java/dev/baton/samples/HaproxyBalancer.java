/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy as a child process: {@code balance roundrobin}, {@code option httpchk GET /health} by the rules of
 * {@link NodeHealth}, and a connection a dead node refuses is retried on another node ({@code option redispatch}),
 * which also takes the node out at once ({@code observe layer4}, {@code on-error mark-down}). Its configuration and
 * its output (warnings such as a node going down, and a line for each request that failed, with HAProxy's
 * termination state: {@code option dontlog-normal}) are {@code haproxy.cfg} and {@code haproxy.log} in the
 * cluster's log folder.
 */
final class HaproxyBalancer implements Balancer {

    /** Where HAProxy is looked for: the PATH, then where Debian's package puts it, off a normal user's PATH. */
    static final List<Path> SEARCH_PATH = searchPath(System.getenv("PATH"));

    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);

    private final Process process;
    private final Path log;

    private HaproxyBalancer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The directories of {@code pathVariable}, then /usr/sbin and /usr/local/sbin, each once. */
    static List<Path> searchPath(String pathVariable) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/usr/local/sbin"));
        return List.copyOf(dirs);
    }

    /** The first executable {@code haproxy} in {@code dirs}. */
    static Optional<Path> find(List<Path> dirs) {
        return dirs.stream().map(dir -> dir.resolve("haproxy")).filter(Files::isExecutable).findFirst();
    }

    /**
     * The haproxy binary.
     *
     * @throws IllegalStateException when it is not installed, saying how to install it
     */
    static Path binary(List<Path> dirs) {
        return find(dirs).orElseThrow(() -> new IllegalStateException("--balancer haproxy: HAProxy is not "
                + "installed (no haproxy on the PATH, in /usr/sbin or in /usr/local/sbin). Install it with "
                + "`bash scripts/services.sh` (Debian/Ubuntu as root) or `apt-get install haproxy`, or choose "
                + "--balancer jetty."));
    }

    static HaproxyBalancer start(Path binary, int port, List<Integer> nodePorts, Path logDir) throws IOException {
        Path config = logDir.resolve("haproxy.cfg");
        Files.writeString(config, config(port, nodePorts));
        Path log = logDir.resolve("haproxy.log");
        Process process = new ProcessBuilder(binary.toString(), "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new HaproxyBalancer(process, log);
    }

    /** The configuration: every timing derived from {@link NodeHealth}. */
    static String config(int port, List<Integer> nodePorts) {
        StringBuilder config = new StringBuilder(String.format("""
                global
                  maxconn 4096
                  # To haproxy.log: the requests that failed (below), with why; and the nodes going down and up.
                  log stderr format raw local0
                defaults
                  mode http
                  log global
                  option httplog
                  option dontlog-normal
                  timeout connect 1s
                  timeout client 30s
                  timeout server 30s
                  timeout check %dms
                  # A refused connection (a dead node) is tried again, each time on another node.
                  retries 3
                  option redispatch 1
                frontend shop
                  bind 127.0.0.1:%d
                  default_backend nodes
                backend nodes
                  balance roundrobin
                  option httpchk GET /health
                  default-server inter %dms fall %d rise %d observe layer4 error-limit 2 on-error mark-down
                """, NodeHealth.TIMEOUT.toMillis(), port, NodeHealth.INTERVAL.toMillis(), NodeHealth.FALL,
                NodeHealth.RISE));
        for (int i = 0; i < nodePorts.size(); i++) {
            config.append("  server node-").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i))
                    .append(" check\n");
        }
        return config.toString();
    }

    @Override
    public String describe() {
        return "HAProxy (round robin, health-checked), pid " + process.pid() + ", log " + log;
    }

    @Override
    public void checkRunning() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("HAProxy exited, code " + process.exitValue() + "; its output (" + log + "):\n"
                    + Files.readString(log));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
