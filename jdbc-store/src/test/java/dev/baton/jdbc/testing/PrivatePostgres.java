/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own, on a free port, in a temporary directory, run as the {@code postgres} user
 * with {@code initdb} and {@code pg_ctl}; the shared server is never touched. Stopped and deleted on close.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dataDir;
    private final Path bin;
    public final int port;

    private PrivatePostgres(Path dataDir, Path bin, int port) {
        this.dataDir = dataDir;
        this.bin = bin;
        this.port = port;
    }

    /** Initialises and starts a new cluster. */
    public static PrivatePostgres start() {
        Path bin = findBin();
        try {
            Path dir = Files.createTempDirectory("baton-pg");
            Path data = dir.resolve("data");
            if (runningAsRoot()) {
                // initdb refuses to run as root: the server runs as postgres, in a directory it owns.
                run(List.of("chown", "-R", "postgres", dir.toString()));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U",
                    "postgres", "--no-sync"));
            PrivatePostgres server = new PrivatePostgres(data, bin, port);
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of its {@code postgres} database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Stops it at once ({@code pg_ctl stop -m immediate}: a crash, as far as clients can tell). */
    public void stopNow() {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w",
                "stop"));
    }

    /** Starts it again on the same port and data. */
    public void startServer() {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "30", "-l",
                dataDir.resolveSibling("server.log").toString(), "-o",
                "-p " + port + " -k " + dataDir.getParent() + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    @Override
    public void close() {
        try {
            stopNow();
        } catch (RuntimeException e) {
            // Already stopped.
        }
        try (var paths = Files.walk(dataDir.getParent())) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // Left in the temporary directory.
        }
    }

    /** The newest installed version's binaries: {@code /usr/lib/postgresql/<major>/bin}, highest major first. */
    private static Path findBin() {
        File[] versions = new File("/usr/lib/postgresql").listFiles(
                dir -> dir.getName().matches("\\d+(\\.\\d+)?") && new File(dir, "bin/initdb").isFile());
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("PostgreSQL server binaries are not installed (/usr/lib/postgresql); "
                    + "bash scripts/services.sh installs them on Debian");
        }
        File newest = Arrays.stream(versions)
                .max(Comparator.comparingDouble(dir -> Double.parseDouble(dir.getName()))).orElseThrow();
        return newest.toPath().resolve("bin");
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
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
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
