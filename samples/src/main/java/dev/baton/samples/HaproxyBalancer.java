package dev.baton.samples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** HAProxy, when installed: {@code balance roundrobin}, {@code option httpchk GET /health}, redispatch on failure. */
final class HaproxyBalancer implements Balancer {

    private final Process process;

    private HaproxyBalancer(Process process) {
        this.process = process;
    }

    /** The haproxy binary on the PATH, or {@code null}. */
    static String find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "haproxy");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    static HaproxyBalancer start(String binary, int port, List<Integer> nodePorts) throws IOException {
        StringBuilder config = new StringBuilder("""
                global
                  maxconn 4096
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 30s
                  timeout server 30s
                  retries 2
                  option redispatch
                frontend shop
                """);
        config.append("  bind 127.0.0.1:").append(port).append('\n').append("""
                  default_backend nodes
                backend nodes
                  balance roundrobin
                  option httpchk GET /health
                  default-server inter 250ms fall 1 rise 2
                """);
        for (int i = 0; i < nodePorts.size(); i++) {
            config.append("  server node-").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i))
                    .append(" check\n");
        }
        Path file = Files.createTempFile("baton-haproxy", ".cfg");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(binary, "-f", file.toString()).inheritIO().start();
        return new HaproxyBalancer(process);
    }

    @Override
    public String describe() {
        return "HAProxy (round robin, health-checked), pid " + process.pid();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
