/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the tests' logger (slf4j-simple, which writes to the current {@code System.err}) printed while some code ran.
 * Not thread-safe: tests that use it must not run in parallel with other logging tests.
 */
public final class StderrLog {

    private StderrLog() {
    }

    /**
     * Runs {@code action} with {@code System.err} captured, then restores it.
     *
     * @param action the code whose log is wanted
     * @return what was printed to {@code System.err} meanwhile
     */
    public static String during(Runnable action) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}
