/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.valves.AccessLogValve;

/**
 * Tomcat's {@code AccessLogValve} on a test context, unbuffered, writing the request line and Baton's session
 * attributes ({@code %{dev.baton.session.hash}r %{dev.baton.session.outcome}r}) to a file of its own.
 */
public final class AccessLog {

    /** The pattern: path, status, session hash, outcome. */
    public static final String PATTERN = "%U %s %{dev.baton.session.hash}r %{dev.baton.session.outcome}r";

    private final Path directory;

    /** A log in a new temporary directory. */
    public AccessLog() {
        try {
            directory = Files.createTempDirectory("baton-access-log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the valve to a context that has not started.
     *
     * @param context the context
     */
    public void addTo(Context context) {
        AccessLogValve valve = new AccessLogValve();
        valve.setDirectory(directory.toString());
        valve.setPrefix("access");
        valve.setSuffix(".log");
        valve.setRotatable(false);
        valve.setBuffered(false);
        valve.setPattern(PATTERN);
        context.getPipeline().addValve(valve);
    }

    /**
     * Waits until the log holds {@code count} lines (Tomcat writes a line after the response), then returns them.
     *
     * @param count the lines expected
     * @return the lines
     */
    public List<String> awaitLines(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> lines().size() >= count);
        return lines();
    }

    private List<String> lines() {
        try (var files = Files.list(directory)) {
            Path log = files.filter(file -> file.getFileName().toString().startsWith("access")).findFirst()
                    .orElse(null);
            return log == null ? List.of() : Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
