/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own that takes a session's lock and keeps it (renewing its lease) until it is killed: for
 * tests that kill a lock holder with SIGKILL and check that the lock frees itself within {@code lockLease}.
 */
public final class LockHolder implements AutoCloseable {

    private static final String HOLDING = "HOLDING";

    private final Process process;

    private LockHolder(Process process) {
        this.process = process;
    }

    /**
     * Starts a JVM that loads the session with {@code lockMode=session} and holds its lock, and waits until it does.
     *
     * @param settings configuration keys and values, in pairs: {@code store} and any store keys, and {@code lockLease}
     * @param sessionId the session to lock
     * @return the running holder
     * @throws IOException when the JVM can't be started
     * @throws InterruptedException when interrupted while waiting
     */
    public static LockHolder start(List<String> settings, String sessionId) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LockHolder.class.getName());
        command.add(sessionId);
        command.addAll(settings);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = output.readLine();
            if (line == null) {
                break;
            }
            if (line.equals(HOLDING)) {
                Thread drain = new Thread(() -> drain(output), "lock-holder-output");
                drain.setDaemon(true);
                drain.start();
                return new LockHolder(process);
            }
            seen.append(line).append('\n');
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("the lock holder JVM did not take the lock; it printed:\n" + seen);
    }

    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // Keeps the pipe from filling up.
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }

    /**
     * Kills the JVM with SIGKILL, as a crashed node dies: no shutdown hook runs, no lock is released.
     *
     * @throws InterruptedException when interrupted while waiting for it to die
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the lock holder JVM did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /**
     * The holder's JVM: {@code <session id> <key> <value> ...}.
     *
     * @param args the session ID, then configuration keys and values
     * @throws InterruptedException never in practice: it waits to be killed
     */
    public static void main(String[] args) throws InterruptedException {
        BatonConfig.Builder config = BatonConfig.builder().set("lockMode", "session");
        for (int i = 1; i + 1 < args.length; i += 2) {
            config.set(args[i], args[i + 1]);
        }
        SessionEngine engine = SessionEngine.builder(config.build()).build();
        SessionRequest request = engine.newRequest(args[0]);
        if (request.getSession(false) == null) {
            System.out.println("no session " + args[0].length());
            System.exit(2);
        }
        System.out.println(HOLDING);
        System.out.flush();
        Thread.sleep(Duration.ofHours(1).toMillis());
    }
}
