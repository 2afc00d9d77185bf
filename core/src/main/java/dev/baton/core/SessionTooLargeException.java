/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * Saving a session would store more than {@code maxSessionBytes}. Nothing was written; the session in the store is as
 * the previous request left it.
 */
public class SessionTooLargeException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the session's hashed ID, its size, the limit and the largest attributes
     */
    public SessionTooLargeException(String message) {
        super(message);
    }
}
