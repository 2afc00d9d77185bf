/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.h2.tools.Server;

/**
 * The sample cluster: three app nodes (separate JVMs, embedded Tomcat, Baton's filter), a non-sticky round-robin
 * balancer in front of them, and a store, started with one command:
 *
 * <pre>
 * java -jar samples/target/baton-cluster.jar [--nodes 3] [--port 8080] [--store URI] [--app shop|boot]
 *     [--mode filter|valve] [--balancer haproxy|jetty] [--demo] [--demo-seconds 45]
 * </pre>
 *
 * <p>The store is an H2 database served over TCP from this process unless {@code --store} names another
 * ({@code redis://127.0.0.1:6379}, {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}). The balancer is
 * HAProxy when it is installed, else an embedded Jetty proxy, unless {@code --balancer} names one; the cluster
 * announces it once it answers. Node logs and HAProxy's go to the cluster's log folder (a temp directory). Ctrl-C stops
 * everything. {@code --demo} runs 200 simulated shoppers through the balancer while nodes are killed with SIGKILL and
 * restarted, prints what happened, and exits non-zero when a session or a cart item was lost, or a request failed
 * away from the kills. {@code --app boot} runs the Spring Boot shop instead of the servlet one: Baton's starter,
 * configured by an {@code application.properties} that sets {@code baton.store}, and Spring Security's login.
 */
public final class Cluster implements AutoCloseable {

    private static final String USAGE = "usage: [--nodes 3] [--port 8080] [--store URI] [--app shop|boot] "
            + "[--mode filter|valve] [--balancer haproxy|jetty] [--demo] [--demo-seconds 45]";

    /**
     * The nodes' {@code storeTimeout}: the store, the nodes and the demo's shoppers share one machine, and a busy one
     * answers late; 2 s, the default, fails requests there that a store on its own server would answer in time.
     */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

    /** How long all nodes together may take to become healthy at start. */
    static final Duration START_LIMIT = Duration.ofSeconds(60);

    /** The started nodes, by index; guarded by {@code this}. */
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Path workDir;
    private final String store;
    private final Server h2;
    /** Closes the cluster when the JVM exits (Ctrl-C), registered before the first node starts. */
    private final Thread shutdownHook = new Thread(this::close, "cluster-shutdown");
    private Balancer balancer;
    private int balancerPort;
    private boolean closed;

    private Cluster(Path workDir, String store, Server h2) {
        this.workDir = workDir;
        this.store = store;
        this.h2 = h2;
    }

    /**
     * Runs the command.
     *
     * @param args see the class description
     * @throws Exception when the cluster can't start
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /**
     * Runs the command and returns its exit code: 0, or 1 when the demo lost a session or a cart item, or a request
     * failed away from the kills.
     *
     * @param args see the class description
     * @return the exit code
     * @throws Exception when the cluster can't start
     */
    public static int run(String[] args) throws Exception {
        int nodeCount = 3;
        int port = 8080;
        String store = null;
        boolean demo = false;
        String mode = "filter";
        App app = App.SHOP;
        Balancer.Kind balancerKind = null;
        Duration demoLength = Duration.ofSeconds(45);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodeCount = Integer.parseInt(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--store" -> store = args[++i];
                case "--demo" -> demo = true;
                case "--mode" -> mode = args[++i];
                case "--app" -> {
                    try {
                        app = App.parse(args[++i]);
                    } catch (IllegalArgumentException e) {
                        System.err.println(e.getMessage());
                        return 2;
                    }
                }
                case "--balancer" -> {
                    try {
                        balancerKind = Balancer.Kind.parse(args[++i]);
                    } catch (IllegalArgumentException e) {
                        System.err.println(e.getMessage());
                        return 2;
                    }
                }
                case "--demo-seconds" -> demoLength = Duration.ofSeconds(Long.parseLong(args[++i]));
                default -> {
                    System.err.println("unknown argument " + args[i] + "; " + USAGE);
                    return 2;
                }
            }
        }
        if (demo && port == 8080) {
            port = freePort();
        }
        if (!mode.equals("filter") && !mode.equals("valve")) {
            System.err.println("--mode is filter or valve, not " + mode);
            return 2;
        }
        if (app == App.BOOT && mode.equals("valve")) {
            System.err.println("--app boot runs with Baton's Spring Boot starter (the filter); --mode valve is for "
                    + "the servlet shop");
            return 2;
        }
        if (demo && (demoLength.compareTo(Demo.MIN_LENGTH) < 0 || demoLength.compareTo(Demo.MAX_LENGTH) > 0)) {
            System.err.println("--demo-seconds is " + Demo.MIN_LENGTH.toSeconds() + " to "
                    + Demo.MAX_LENGTH.toSeconds() + ", not " + demoLength.toSeconds());
            return 2;
        }
        long runDeadline = System.nanoTime() + Demo.MAX_RUN.toNanos();
        if (balancerKind == null) {
            balancerKind = Balancer.Kind.installedDefault();
        }
        try (Cluster cluster = start(nodeCount, port, store, mode, balancerKind, app, null)) {
            if (demo) {
                Demo.Report report = new Demo(cluster, app, demoLength, runDeadline).run();
                System.out.println(report.table());
                return report.passed() ? 0 : 1;
            }
            System.out.println("Open http://127.0.0.1:" + port + "/ (Ctrl-C stops the cluster)");
            Thread.currentThread().join();
            return 0;
        }
    }

    static Cluster start(int nodeCount, int port, String storeUri, String mode, Balancer.Kind balancerKind)
            throws Exception {
        return start(nodeCount, port, storeUri, mode, balancerKind, App.SHOP, null);
    }

    /**
     * Starts the cluster.
     *
     * @param bootProperties with {@link App#BOOT}, the text of the nodes' {@code application.properties}; {@code null}
     *     for {@code baton.store} and this cluster's {@link #STORE_TIMEOUT}
     */
    static Cluster start(int nodeCount, int port, String storeUri, String mode, Balancer.Kind balancerKind, App app,
            String bootProperties) throws Exception {
        return start(nodeCount, port, storeUri, i -> null, mode, balancerKind, app, bootProperties, Map.of());
    }

    /**
     * Starts a cluster whose nodes may each reach the store by its own URI (through a proxy that cuts one node off)
     * and take extra settings (the chaos suite).
     *
     * @param storeOfNode the store URI of node {@code i} (0-based), or {@code null} for {@code storeUri}
     * @param settings more of Baton's settings for every servlet-shop node ({@code lockMode}, {@code replicaAcks}...),
     *     given as {@code -Dbaton.<key>=<value>}
     */
    static Cluster start(int nodeCount, int port, String storeUri, IntFunction<String> storeOfNode, String mode,
            Balancer.Kind balancerKind, App app, String bootProperties, Map<String, String> settings)
            throws Exception {
        balancerKind.requireInstalled();
        Path workDir = Files.createTempDirectory("baton-cluster");
        Server h2 = null;
        String store = storeUri;
        if (store == null) {
            int h2Port = freePort();
            h2 = Server.createTcpServer("-tcpPort", Integer.toString(h2Port), "-ifNotExists").start();
            store = "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/mem:baton;DB_CLOSE_DELAY=-1";
            log("store: embedded H2 database over TCP, " + store);
        } else {
            log("store: " + dev.baton.core.StoreUris.mask(store));
        }
        log(app == App.BOOT ? "the Spring Boot shop; sessions replicated by Baton's Spring Boot starter"
                : "sessions replicated by Baton's " + (mode.equals("valve") ? "Tomcat manager" : "servlet filter"));
        Cluster cluster = new Cluster(workDir, store, h2);
        // Before the first node starts: Ctrl-C at any moment from here on leaves no node JVM behind.
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            Path webapp = workDir.resolve("webapp");
            Files.createDirectories(webapp.resolve("WEB-INF"));
            try (InputStream webXml = Cluster.class.getResourceAsStream("/webapp/WEB-INF/web.xml")) {
                Files.copy(webXml, webapp.resolve("WEB-INF/web.xml"));
            }
            if (app == App.BOOT) {
                // The Boot nodes' one source of Baton settings, as a Boot user writes it.
                webapp = Files.createDirectories(workDir.resolve("boot"));
                Files.writeString(webapp.resolve("application.properties"), bootProperties != null ? bootProperties
                        : "baton.store=" + store + "\nbaton.store-timeout=" + STORE_TIMEOUT.toSeconds() + "s\n"
                                + (store.startsWith("jdbc:") ? "baton.create-schema=true\n" : ""));
            }
            List<Integer> ports = new ArrayList<>();
            long healthyBy = System.nanoTime() + START_LIMIT.toNanos();
            for (int i = 1; i <= nodeCount; i++) {
                String own = storeOfNode.apply(i - 1);
                NodeProcess node = new NodeProcess("node-" + i, freePort(), webapp, own == null ? store : own,
                        workDir, app == App.BOOT ? "boot" : mode, settings);
                ports.add(node.port);
                cluster.startNode(node);
            }
            for (int i = 0; i < nodeCount; i++) {
                cluster.node(i).awaitHealthy(Duration.ofNanos(healthyBy - System.nanoTime()));
            }
            cluster.balancer = balancerKind.start(port, ports, workDir);
            cluster.balancerPort = port;
            log("balancer: " + cluster.balancer.describe() + " on http://127.0.0.1:" + port + "/");
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The balancer's base URL. */
    String url() {
        return "http://127.0.0.1:" + balancerPort;
    }

    /** The node at {@code index} (0-based). */
    synchronized NodeProcess node(int index) {
        return nodes.get(index);
    }

    /** Starts a new node, or restarts a killed one; refused once the cluster is closed, so no JVM outlives it. */
    synchronized void startNode(NodeProcess node) throws IOException {
        if (closed) {
            throw new IllegalStateException(node.name + " can't start: the cluster is stopping");
        }
        if (!nodes.contains(node)) {
            nodes.add(node);
        }
        node.start();
    }

    /** Kills every node, stops the balancer and the embedded database; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NodeProcess node : nodes) {
            node.kill();
        }
        if (balancer != null) {
            balancer.close();
            balancer = null;
        }
        if (h2 != null) {
            h2.stop();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook finds the cluster closed.
            }
        }
    }

    static void log(String line) {
        System.out.println("[cluster] " + line);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** One node's JVM. */
    static final class NodeProcess {
        final String name;
        final int port;
        private final Path webapp;
        private final String store;
        private final Path logFile;
        /** {@code filter} or {@code valve} (the servlet shop), or {@code boot} (the Spring Boot shop). */
        private final String mode;
        private final Map<String, String> settings;
        private volatile Process process;

        NodeProcess(String name, int port, Path webapp, String store, Path workDir, String mode,
                Map<String, String> settings) {
            this.mode = mode;
            this.settings = Map.copyOf(settings);
            this.name = name;
            this.port = port;
            this.webapp = webapp;
            this.store = store;
            this.logFile = workDir.resolve(name + ".log");
        }

        synchronized void start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            boolean boot = mode.equals("boot");
            List<String> command = new ArrayList<>();
            if (boot) {
                // A Boot node's settings are its application.properties (in the folder webapp names) and nothing else.
                command.addAll(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-Dsamples.node=" + name, "-cp",
                        classPath, BootNode.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off", "--spring.config.additional-location=file:" + webapp + "/"));
            } else {
                command.addAll(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-Dbaton.store=" + store,
                        "-Dbaton.storeTimeout=" + STORE_TIMEOUT.toSeconds() + "s"));
                if (store.startsWith("jdbc:")) {
                    // A sample is tried on an empty database: the store creates its tables (H2 does by default).
                    command.add("-Dbaton.createSchema=true");
                }
                settings.forEach((key, value) -> command.add("-Dbaton." + key + "=" + value));
                command.addAll(List.of("-cp", classPath, Node.class.getName(), Integer.toString(port), name,
                        webapp.toString(), mode));
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().keySet()
                    .removeIf(key -> key.startsWith("BATON_") && (boot || !key.equals("BATON_STORE")));
            Process started = builder.start();
            process = started;
            log(name + " started, pid " + started.pid() + ", port " + port + ", log " + logFile);
            started.onExit().thenAccept(p -> {
                if (process == p) {
                    log(name + " (pid " + p.pid() + ") died, exit code " + p.exitValue());
                }
            });
        }

        void awaitHealthy(Duration limit) throws IOException, InterruptedException {
            HealthProbe.await(name + " (log " + logFile + ")", URI.create("http://127.0.0.1:" + port + "/health"),
                    limit, () -> {
                        Process current = process;
                        if (current == null || !current.isAlive()) {
                            throw new IOException(name + " exited at start; see " + logFile + ":\n"
                                    + Files.readString(logFile));
                        }
                    });
            log(name + " is up");
        }

        /** The node's console log. */
        Path logFile() {
            return logFile;
        }

        /** SIGKILL: the node dies at once, mid-request. */
        synchronized void kill() {
            Process current = process;
            if (current != null && current.isAlive()) {
                process = null;
                current.destroyForcibly();
                try {
                    current.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log(name + " (pid " + current.pid() + ") killed with SIGKILL");
            }
        }

        @Override
        public String toString() {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
