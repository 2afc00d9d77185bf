/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis servers a test starts for itself from the {@code redis-server} binary, on free ports of 127.0.0.1, in temporary
 * directories, and always stops: the shared Redis that other tests use is never touched.
 */
public final class RedisServers implements AutoCloseable {

    /**
     * The files of a TLS setup: every server of a {@link RedisServers} made with them listens only for TLS, on its
     * {@code port}, and talks TLS to its primary, its peers and the monitored primary ({@code tls-replication},
     * {@code tls-cluster}); clients are not asked for certificates.
     *
     * @param cert the server's certificate (PEM)
     * @param key its private key (PEM)
     * @param ca the CA certificate that signed it (PEM)
     */
    public record Tls(Path cert, Path key, Path ca) {

        List<String> serverArgs(int port) {
            return List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", cert.toString(),
                    "--tls-key-file", key.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no",
                    "--tls-replication", "yes", "--tls-cluster", "yes");
        }

        String sentinelConf(int port) {
            return "port 0\ntls-port " + port + "\ntls-cert-file " + cert + "\ntls-key-file " + key
                    + "\ntls-ca-cert-file " + ca + "\ntls-auth-clients no\ntls-replication yes\n";
        }

        List<String> cliArgs() {
            return List.of("--tls", "--cacert", ca.toString());
        }
    }

    /** One redis-server (or sentinel) process. */
    public static final class Server {
        private final List<String> command;
        private final Path dir;
        public final int port;
        private final Tls tls;
        private Process process;

        Server(List<String> command, Path dir, int port, Tls tls) {
            this.command = new ArrayList<>(command);
            this.dir = dir;
            this.port = port;
            this.tls = tls;
        }

        synchronized void start() {
            try {
                Process started = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile()).start();
                process = started;
                Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "redis-server-reaper"));
            } catch (IOException e) {
                throw new UncheckedIOException("redis-server did not start (is it installed? bash "
                        + "scripts/services.sh installs it on Debian)", e);
            }
            awaitPing(this);
        }

        /** SIGKILL: gone at once, as a crashed server. */
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
        }

        /** SIGSTOP: the server keeps its connections open but answers nothing, as a hung server. */
        public synchronized void freeze() {
            signal("STOP");
        }

        /** SIGCONT after {@link #freeze()}. */
        public synchronized void thaw() {
            signal("CONT");
        }

        private void signal(String name) {
            if (process == null) {
                throw new IllegalStateException("redis-server on port " + port + " is not running");
            }
            try {
                Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + name + " failed for port " + port);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Starts it again on the same port, with the same directory. */
        public void restart() {
            start();
        }

        /**
         * Starts it again on the same port and directory with extra arguments, e.g. {@code --replicaof} the primary
         * that replaced it, as a supervisor must do for a server without persistence: restarted as an empty primary,
         * it could be taken for the primary by a sentinel that missed the failover and wipe the real one.
         *
         * @param extra arguments added to the original command line
         */
        public synchronized void restartWith(List<String> extra) {
            List<String> original = List.copyOf(command);
            command.addAll(extra);
            try {
                start();
            } finally {
                command.clear();
                command.addAll(original);
            }
        }

        /** Runs redis-cli against it and returns the output. @param args the command */
        public String cli(String... args) {
            return RedisServers.cli(tls, port, args);
        }
    }

    private final List<Server> servers = new ArrayList<>();
    private final Tls tls;

    /** Servers without TLS. */
    public RedisServers() {
        this(null);
    }

    /**
     * Servers that speak only TLS.
     *
     * @param tls the certificate files, or {@code null} for none
     */
    public RedisServers(Tls tls) {
        this.tls = tls;
    }

    /** A standalone server with no persistence. */
    public Server standalone() {
        return start(List.of());
    }

    /**
     * A server with extra arguments (e.g. {@code --replicaof}).
     *
     * @param extra arguments after the port
     * @return the started server
     */
    public Server start(List<String> extra) {
        int port = extra.contains("--cluster-enabled") ? freeClusterPort() : freePort();
        Path dir = tempDir();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        if (tls != null) {
            command.addAll(tls.serverArgs(port));
        }
        command.addAll(extra);
        Server server = new Server(command, dir, port, tls);
        servers.add(server);
        server.start();
        return server;
    }

    /**
     * A sentinel watching a primary.
     *
     * @param master the name of the watched primary
     * @param primaryPort its port
     * @return the started sentinel
     */
    public Server sentinel(String master, int primaryPort) {
        int port = freePort();
        Path dir = tempDir();
        Path conf = dir.resolve("sentinel.conf");
        try {
            Files.writeString(conf, (tls == null ? "port " + port + "\n" : tls.sentinelConf(port))
                    + "bind 127.0.0.1\ndir " + dir + "\n"
                    + "sentinel monitor " + master + " 127.0.0.1 " + primaryPort + " 2\n"
                    + "sentinel down-after-milliseconds " + master + " 1000\n"
                    + "sentinel failover-timeout " + master + " 5000\n"
                    + "sentinel parallel-syncs " + master + " 1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Server server = new Server(List.of("redis-server", conf.toString(), "--sentinel"), dir, port, tls);
        servers.add(server);
        server.start();
        return server;
    }

    /**
     * A Redis Cluster of primaries only, slots spread evenly.
     *
     * @param primaries how many
     * @return the primaries
     */
    public List<Server> cluster(int primaries) {
        return cluster(primaries, 0);
    }

    /**
     * A Redis Cluster whose primaries have replicas, slots spread evenly over the primaries.
     *
     * @param primaries how many primaries
     * @param replicasEach how many replicas each primary gets
     * @return every node, primaries and replicas ({@code ROLE} tells which); each replica is in sync when this returns
     */
    public List<Server> cluster(int primaries, int replicasEach) {
        List<Server> nodes = new ArrayList<>();
        for (int i = 0; i < primaries * (1 + replicasEach); i++) {
            nodes.add(start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000")));
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        for (Server node : nodes) {
            create.add("127.0.0.1:" + node.port);
        }
        create.addAll(List.of("--cluster-replicas", Integer.toString(replicasEach), "--cluster-yes"));
        nodes.get(0).cli(create.toArray(String[]::new));
        // Every node must see the cluster ok: one that doesn't yet answers CLUSTERDOWN.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Server node : nodes) {
            while (!node.cli("cluster", "info").contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the test cluster did not become ok on port " + node.port);
                }
                pause(100);
            }
            while (replicasEach > 0 && node.cli("role").startsWith("slave")
                    && !node.cli("info", "replication").contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replica on port " + node.port + " did not sync");
                }
                pause(100);
            }
        }
        return nodes;
    }

    /**
     * The primary of a test cluster that serves a key's slot.
     *
     * @param primaries the cluster's primaries
     * @param key the key
     * @return the primary whose slot ranges ({@code CLUSTER NODES}, line {@code myself}) hold the key's slot
     */
    public static Server ownerOf(List<Server> primaries, String key) {
        int slot = Integer.parseInt(primaries.get(0).cli("cluster", "keyslot", key).trim());
        for (Server primary : primaries) {
            String myself = primary.cli("cluster", "nodes").lines().filter(line -> line.contains("myself"))
                    .findFirst().orElseThrow();
            String[] fields = myself.trim().split(" ");
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                int low = Integer.parseInt(range[0]);
                int high = Integer.parseInt(range[range.length - 1]);
                if (low <= slot && slot <= high) {
                    return primary;
                }
            }
        }
        throw new IllegalStateException("no primary serves slot " + slot);
    }

    /** Kills every server this instance started (SIGKILL) and deletes their directories. */
    @Override
    public void close() {
        for (Server server : servers) {
            server.kill();
            deleteTree(server.dir);
        }
        servers.clear();
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temp directory left behind harms nothing.
        }
    }

    static String cli(Tls tls, int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (tls != null) {
            command.addAll(tls.cliArgs());
        }
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitPing(Server server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!server.cli("ping").contains("PONG")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + server.port + " did not answer PING");
            }
            pause(50);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    private static int freeClusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10000);
            try (ServerSocket a = new ServerSocket(port); ServerSocket b = new ServerSocket(port + 10000)) {
                return port;
            } catch (IOException e) {
                // Taken; try another.
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("baton-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
