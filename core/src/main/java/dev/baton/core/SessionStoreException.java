/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * A store operation failed. Carries the operation, the store's URI with secrets masked, the elapsed time and a hash
 * of the session ID (never the ID itself), so that the message is safe to log.
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The store operation that failed. */
    private final String operation;
    /** The store URI, secrets masked. */
    private final String maskedStoreUri;
    /** How long the operation ran, in milliseconds. */
    private final long elapsedMillis;
    /** The hashed session ID, or {@code null}. */
    private final String sessionIdHash;

    /**
     * Creates the exception.
     *
     * @param operation the store operation, such as {@code load} or {@code save}
     * @param maskedStoreUri the store URI with secrets masked
     * @param elapsedMillis how long the operation ran before failing
     * @param sessionIdHash the {@linkplain dev.baton.core.LogIds#hash(String) hashed} session ID, or
     *     {@code null} when the operation concerns no one session
     * @param detail what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public SessionStoreException(String operation, String maskedStoreUri, long elapsedMillis, String sessionIdHash,
            String detail, Throwable cause) {
        super(message(operation, maskedStoreUri, elapsedMillis, sessionIdHash, detail), cause);
        this.operation = operation;
        this.maskedStoreUri = maskedStoreUri;
        this.elapsedMillis = elapsedMillis;
        this.sessionIdHash = sessionIdHash;
    }

    private static String message(String operation, String uri, long elapsedMillis, String idHash, String detail) {
        StringBuilder text = new StringBuilder("Session store ").append(operation).append(" failed on ").append(uri)
                .append(" after ").append(elapsedMillis).append(" ms");
        if (idHash != null) {
            text.append(" (session ").append(idHash).append(')');
        }
        return text.append(": ").append(detail).toString();
    }

    /** {@return the store operation that failed, such as {@code load}} */
    public String operation() {
        return operation;
    }

    /** {@return the store URI, secrets masked} */
    public String maskedStoreUri() {
        return maskedStoreUri;
    }

    /** {@return how long the operation ran before it failed} */
    public long elapsedMillis() {
        return elapsedMillis;
    }

    /** {@return the hashed session ID, or {@code null}} */
    public String sessionIdHash() {
        return sessionIdHash;
    }
}
