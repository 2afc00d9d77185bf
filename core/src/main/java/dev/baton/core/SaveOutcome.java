/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

/**
 * What {@link SessionStore#apply(SessionChange)} did with a change, and the version it wrote.
 *
 * @param result whether the change was written, or why not
 * @param version for {@link SaveResult#SAVED}, the session's version after the change (1 for a creation), or 0 when
 *     the store does not report it; 0 for every other result
 */
public record SaveOutcome(SaveResult result, long version) {

    // A refusal writes nothing and carries no version: one instance each.
    private static final SaveOutcome GONE = new SaveOutcome(SaveResult.GONE, 0);
    private static final SaveOutcome FENCED = new SaveOutcome(SaveResult.FENCED, 0);
    private static final SaveOutcome STALE = new SaveOutcome(SaveResult.STALE, 0);

    /**
     * Checks the arguments.
     *
     * @param result whether the change was written, or why not
     * @param version the version written, or 0
     * @throws IllegalArgumentException when {@code version} is negative, or not 0 for a change that was not written
     */
    public SaveOutcome {
        requireNonNull(result, "result");
        if (version < 0 || version > 0 && result != SaveResult.SAVED) {
            throw new IllegalArgumentException("version " + version + " for " + result);
        }
    }

    /**
     * A written change.
     *
     * @param version the session's version after it, or 0 when the store does not report it
     * @return the outcome
     */
    public static SaveOutcome saved(long version) {
        return new SaveOutcome(SaveResult.SAVED, version);
    }

    /**
     * A change that was not written.
     *
     * @param result {@link SaveResult#GONE}, {@link SaveResult#FENCED} or {@link SaveResult#STALE}
     * @return the outcome, version 0
     * @throws IllegalArgumentException for {@link SaveResult#SAVED}
     */
    public static SaveOutcome refused(SaveResult result) {
        return switch (result) {
            case GONE -> GONE;
            case FENCED -> FENCED;
            case STALE -> STALE;
            case SAVED -> throw new IllegalArgumentException("SAVED is not a refusal");
        };
    }
}
