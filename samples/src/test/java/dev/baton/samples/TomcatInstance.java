/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code CATALINA_BASE} of the real Tomcat distribution (the {@code CATALINA_HOME} that the build unpacked), run
 * as a child process by {@code bin/catalina.sh run}: its own ports in {@code conf/server.xml}, Baton's drop-in jar in
 * {@code lib/}, a {@code <Manager>} line in {@code conf/context.xml}, and a WAR in {@code webapps/}.
 */
final class TomcatInstance implements AutoCloseable {

    final String name;
    private final Path home;
    private final Path base;
    private final int port;
    private Process process;

    private TomcatInstance(String name, Path home, Path base, int port) {
        this.name = name;
        this.home = home;
        this.base = base;
        this.port = port;
    }

    /**
     * Lays out a new base under {@code parent}: the distribution's {@code conf/} with free ports, the drop-in jar,
     * {@code managerLine} in {@code conf/context.xml}, and {@code war} deployed as {@code /shop}.
     */
    static TomcatInstance create(String name, Path home, Path parent, Path dropInJar, String managerLine, Path war)
            throws IOException {
        return create(name, home, parent, dropInJar, managerLine, Map.of("shop", war));
    }

    /** As above, with each WAR deployed at the context path its key names ({@code shop} for {@code /shop}). */
    static TomcatInstance create(String name, Path home, Path parent, Path dropInJar, String managerLine,
            Map<String, Path> wars) throws IOException {
        Path base = parent.resolve(name);
        for (String dir : new String[] {"conf", "lib", "logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        int port = Cluster.freePort();
        rewrite(base.resolve("conf/server.xml"), Map.of(
                "<Server port=\"8005\"", "<Server port=\"" + Cluster.freePort() + "\"",
                "<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\""));
        rewrite(base.resolve("conf/context.xml"), Map.of("</Context>", "    " + managerLine + "\n</Context>"));
        Files.copy(dropInJar, base.resolve("lib").resolve(dropInJar.getFileName()));
        for (Map.Entry<String, Path> war : wars.entrySet()) {
            Files.copy(war.getValue(), base.resolve("webapps/" + war.getKey() + ".war"));
        }
        return new TomcatInstance(name, home, base, port);
    }

    private static void rewrite(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            if (!text.contains(replacement.getKey())) {
                throw new IllegalStateException(file + " has no " + replacement.getKey());
            }
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        Files.writeString(file, text);
    }

    /** {@code catalina.sh run}, with the running JVM as {@code JAVA_HOME}; {@code samples.node} names this one. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("BATON_") || key.startsWith("CATALINA_")
                || key.equals("JRE_HOME") || key.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_OPTS", "-Xmx256m -XX:+UseSerialGC -Dsamples.node=" + name);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log().toFile());
        process = builder.start();
    }

    /** Replaces {@code conf/<file>} of this base, before the start (say, {@code tomcat-users.xml}). */
    void writeConf(String file, String text) throws IOException {
        Files.writeString(base.resolve("conf").resolve(file), text);
    }

    /** Waits until {@code /shop/health} answers 200, failing with the console log if Tomcat exits first. */
    void awaitHealthy(long deadlineNanos) throws IOException, InterruptedException {
        awaitHealthy(deadlineNanos, url("/health"));
    }

    /** Waits until {@code healthUrl} answers 200, failing with the console log if Tomcat exits first. */
    void awaitHealthy(long deadlineNanos, String healthUrl) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + console());
            }
            if (console().contains("startup failed")) {
                throw new IllegalStateException(name + " could not start the shop:\n" + console());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrl))
                        .timeout(Duration.ofSeconds(2)).build();
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(name + " did not answer " + healthUrl + " in time:\n" + console());
    }

    /** The URL of {@code path} in the shop on this Tomcat. */
    String url(String path) {
        return url("shop", path);
    }

    /** The URL of {@code path} in the web app at {@code /<context>} on this Tomcat. */
    String url(String context, String path) {
        return "http://127.0.0.1:" + port + "/" + context + path;
    }

    /** The command line of the child process: {@code catalina.sh run} execs the JVM, so it is java itself. */
    String command() {
        return process.info().command().orElse("");
    }

    /** SIGKILL to the Tomcat JVM: it dies at once, with no shutdown. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s");
        }
    }

    /** What Tomcat printed: its log, and the web app's. */
    String console() {
        try {
            return Files.readString(log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every log of this Tomcat but the access log: the console, catalina's, and the host's (servlet failures). */
    String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(base.resolve("logs"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().contains("access_log")).sorted().toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    private Path log() {
        return base.resolve("logs/console.log");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (" + base + ")";
    }
}
