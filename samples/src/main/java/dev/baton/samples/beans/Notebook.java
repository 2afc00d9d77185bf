/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples.beans;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A session bean that is not {@code Serializable}: Baton's default codec stores it all the same. */
public final class Notebook {

    private final List<String> lines = new ArrayList<>();
    private LocalDateTime lastWritten;

    /**
     * @param line written at the end
     * @param at when
     */
    public synchronized void write(String line, LocalDateTime at) {
        lines.add(line);
        lastWritten = at;
    }

    @Override
    public synchronized String toString() {
        return String.join("|", lines) + (lastWritten == null ? "" : " @" + lastWritten);
    }
}
