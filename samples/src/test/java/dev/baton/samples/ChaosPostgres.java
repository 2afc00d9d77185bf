/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL servers of the chaos suite's own, on free ports, in one temporary directory, run as the {@code postgres}
 * user with {@code initdb}, {@code pg_ctl} and {@code pg_basebackup}: a primary and, when asked, a streaming standby
 * that every commit waits for ({@code synchronous_standby_names='*'}, {@code synchronous_commit=on}). The shared
 * server on 5432 is never touched. Stopped and deleted on close.
 */
final class ChaosPostgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int primaryPort;
    private int standbyPort;

    private ChaosPostgres(Path dir, Path bin, int primaryPort) {
        this.dir = dir;
        this.bin = bin;
        this.primaryPort = primaryPort;
    }

    /** Initialises and starts a primary. */
    static ChaosPostgres start() throws IOException {
        Path dir = Files.createTempDirectory("baton-chaos-pg");
        if (runningAsRoot()) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        ChaosPostgres pg = new ChaosPostgres(dir, findBin(), Cluster.freePort());
        pg.pgCtl("initdb", List.of("-D", pg.data("primary").toString(), "-A", "trust", "-U", "postgres",
                "--no-sync"));
        pg.startServer("primary", pg.primaryPort);
        return pg;
    }

    /** Adds a standby streaming from the primary, and makes every commit on the primary wait for it. */
    void addSynchronousStandby() throws SQLException {
        standbyPort = freePort();
        asPostgres(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(primaryPort), "-U", "postgres", "-D", data("standby").toString(), "-R", "-X",
                "stream", "--no-sync", "-c", "fast"));
        startServer("standby", standbyPort);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET synchronous_standby_names = '*'");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** The JDBC URL: the primary, or with a standby both hosts and {@code targetServerType=primary}. */
    String url() {
        String hosts = "127.0.0.1:" + primaryPort + (standbyPort == 0 ? "" : ",127.0.0.1:" + standbyPort);
        return "jdbc:postgresql://" + hosts + "/postgres?user=postgres"
                + (standbyPort == 0 ? "" : "&targetServerType=primary");
    }

    /** Stops the primary as an operator does before a restart: {@code pg_ctl stop -m fast}. */
    void stopPrimary() {
        pgCtl("pg_ctl", List.of("-D", data("primary").toString(), "-m", "fast", "-w", "stop"));
    }

    /** Starts the primary again on the same port and data. */
    void startPrimary() {
        startServer("primary", primaryPort);
    }

    /** The primary dies at once ({@code pg_ctl stop -m immediate}, a crash as far as clients can tell). */
    void crashPrimary() {
        pgCtl("pg_ctl", List.of("-D", data("primary").toString(), "-m", "immediate", "-w", "stop"));
    }

    /** Promotes the standby to primary ({@code pg_ctl promote}), waiting until it accepts writes. */
    void promoteStandby() {
        pgCtl("pg_ctl", List.of("-D", data("standby").toString(), "-w", "promote"));
    }

    private void startServer(String name, int port) {
        pgCtl("pg_ctl", List.of("-D", data(name).toString(), "-w", "-t", "60", "-l",
                dir.resolve(name + ".log").toString(), "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"));
    }

    private Path data(String name) {
        return dir.resolve(name);
    }

    private void pgCtl(String tool, List<String> args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        command.addAll(args);
        asPostgres(command);
    }

    @Override
    public void close() {
        for (String name : List.of("primary", "standby")) {
            if (Files.isDirectory(data(name))) {
                try {
                    pgCtl("pg_ctl", List.of("-D", data(name).toString(), "-m", "immediate", "-w", "stop"));
                } catch (RuntimeException e) {
                    // Already stopped.
                }
            }
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // Left in the temporary directory.
        }
    }

    private static int freePort() {
        try {
            return Cluster.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest installed version's binaries: {@code /usr/lib/postgresql/<major>/bin}. */
    private static Path findBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles(
                d -> d.getName().matches("\\d+(\\.\\d+)?") && new File(d, "bin/initdb").isFile());
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("PostgreSQL server binaries are not installed (/usr/lib/postgresql); "
                    + "bash scripts/services.sh installs them on Debian");
        }
        return Arrays.stream(versions).max(Comparator.comparingDouble(d -> Double.parseDouble(d.getName())))
                .orElseThrow().toPath().resolve("bin");
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asPostgres(List<String> command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
