/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import dev.baton.core.BatonConfig;
import dev.baton.servlet.BatonSessionFilter;
import jakarta.servlet.Filter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * One node: an embedded Tomcat running the probe app for one variant, in a JVM of its own, as a node is in
 * production. Every variant gets the same JVM, JIT and heap to itself, and keeps them over the rounds, so that no
 * variant runs on code the JIT compiled for another or is measured while its own code is still being compiled. The
 * child exits when the harness closes its standard input, or dies; meanwhile it answers {@code heap}, {@code cpu},
 * {@code jit}, {@code mark} (start counting requests per second) and {@code curve} (the counts since).
 */
final class BenchmarkNode implements AutoCloseable {

    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    final int port;

    private BenchmarkNode(Process process, BufferedReader replies, Writer commands, int port) {
        this.process = process;
        this.replies = replies;
        this.commands = commands;
        this.port = port;
    }

    /** Starts a node's JVM with the given heap and waits until it listens. */
    static BenchmarkNode start(Variant variant, Settings settings, NodeHeap heap) throws IOException {
        // The nodes' JVM: the harness's own, or BATON_NODE_JAVA (another JDK's bin/java, e.g. to try its AOT cache).
        String java = System.getenv().getOrDefault("BATON_NODE_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(heap.options);
        // Extra options for the nodes' JVMs, e.g. to profile them: BATON_NODE_JAVA_OPTS=-XX:StartFlightRecording=...
        String extra = System.getenv().getOrDefault("BATON_NODE_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.replace("{variant}", variant.name().toLowerCase(Locale.ROOT))
                    .split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarkNode.class.getName(),
                variant.name(), settings.redisUri(), settings.postgresUrl(), settings.keyPrefix()));
        // The node's log (a failed request's stack trace) goes beside the report, one file per variant.
        Path log = Path.of("benchmarks", "target", "load", "nodes", variant.name().toLowerCase(Locale.ROOT) + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader replies = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = replies.readLine();
        // The JVM itself may print first (-Xlog, JFR): the node's own line is the first that starts with "port ".
        while (line != null && !line.startsWith("port ")) {
            line = replies.readLine();
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the " + variant.label + " node exited before it listened");
        }
        return new BenchmarkNode(process, replies, new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8), Integer.parseInt(line.substring(5)));
    }

    /** The node's used heap after two full collections, in bytes. */
    long heapAfterGc() throws IOException {
        return ask("heap");
    }

    /** The CPU time the node's JVM has used so far, all threads, in nanoseconds. */
    long cpuNanos() throws IOException {
        return ask("cpu");
    }

    /** The time the node's JIT compilers have spent so far, in milliseconds. */
    long jitMillis() throws IOException {
        return ask("jit");
    }

    /** Starts counting the requests the node serves in each second from now. */
    void mark() throws IOException {
        ask("mark");
    }

    /** The requests the node served in each second since {@link #mark()}. */
    long[] curve() throws IOException {
        commands.write("curve\n");
        commands.flush();
        String line = replies.readLine();
        return line.isEmpty() ? new long[0] : Arrays.stream(line.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private long ask(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        return Long.parseLong(replies.readLine());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException e) {
            // The node is gone already.
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The node's JVM: starts Tomcat, prints {@code port <n>}, answers {@code heap}, and stops at the end of its input.
     *
     * @param args the variant, the Redis URI, the PostgreSQL URL and the key prefix
     * @throws Exception when Tomcat fails to start
     */
    public static void main(String[] args) throws Exception {
        // Standard output is the harness's channel: whatever else prints goes to standard error.
        PrintStream out = System.out;
        System.setOut(System.err);
        Variant variant = Variant.valueOf(args[0]);
        String redisUri = args[1];
        String postgresUrl = args[2];
        String keyPrefix = args[3];
        Path base = Files.createTempDirectory("baton-bench");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setProperty("maxThreads", "64");
        Context context = tomcat.addContext("", base.toString());
        ProbeServlet probe = new ProbeServlet();
        Wrapper wrapper = Tomcat.addServlet(context, "probe", probe);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "probe");
        if (variant == Variant.MANAGER_REDIS) {
            dev.baton.tomcat.BatonSessionManager manager = new dev.baton.tomcat.BatonSessionManager();
            manager.setProperty("store", redisUri);
            manager.setProperty("keyPrefix", keyPrefix);
            manager.setProperty("allowedClasses", CartItem.class.getPackageName() + ".");
            context.setManager(manager);
        }
        Filter filter = switch (variant) {
            case BASELINE, MANAGER_REDIS -> null;
            case FLOOR -> new FloorFilter(redisUri, false);
            case FLOOR_KRYO -> new FloorFilter(redisUri, true);
            case FILTER_REDIS -> baton(redisUri, keyPrefix, "none", "0", "on-mutation");
            case FILTER_REDIS_NEAR -> baton(redisUri, keyPrefix, "none", "64MiB", "on-mutation");
            case FILTER_REDIS_NEAR_ON_SET -> baton(redisUri, keyPrefix, "none", "64MiB", "on-set-attribute");
            case FILTER_REDIS_LOCKED -> baton(redisUri, keyPrefix, "session", "0", "on-mutation");
            case FILTER_POSTGRES -> baton(postgresUrl, keyPrefix, "none", "0", "on-mutation");
            case FILTER_MEMORY -> baton("memory:", keyPrefix, "none", "0", "on-mutation");
        };
        if (filter != null) {
            FilterDef def = new FilterDef();
            def.setFilterName("sessions");
            def.setFilter(filter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("sessions");
            map.addURLPattern("/*");
            context.addFilterMap(map);
        }
        tomcat.start();
        out.println("port " + tomcat.getConnector().getLocalPort());
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.equals("heap")) {
                System.gc();
                System.gc();
                out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            } else if (command.equals("cpu")) {
                out.println(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime());
            } else if (command.equals("jit")) {
                out.println(ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
            } else if (command.equals("mark")) {
                probe.mark();
                out.println(0);
            } else if (command.equals("curve")) {
                out.println(probe.curve());
            }
            out.flush();
        }
        tomcat.stop();
        tomcat.destroy();
        if (filter instanceof FloorFilter floor) {
            floor.close();
        }
        System.exit(0);
    }

    private static Filter baton(String store, String keyPrefix, String lockMode, String nearCacheSize,
            String saveMode) {
        return BatonSessionFilter.builder(BatonConfig.builder().store(store)
                .set("lockMode", lockMode)
                .set("saveMode", saveMode)
                .set("nearCacheSize", nearCacheSize)
                .set("keyPrefix", keyPrefix)
                .set("tableName", "baton_bench")
                .set("createSchema", "true")
                .set("reapInterval", "1d")
                .set("allowedClasses", CartItem.class.getPackageName() + ".")
                .build()).build();
    }
}
