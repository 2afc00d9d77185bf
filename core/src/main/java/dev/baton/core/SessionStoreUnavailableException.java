/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * The store could not be reached, or did not answer within {@code storeTimeout}. Front ends answer such a request
 * with 503 Service Unavailable; the request may be retried once the store is back.
 */
public class SessionStoreUnavailableException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link SessionStoreException#SessionStoreException}.
     *
     * @param operation the store operation
     * @param maskedStoreUri the store URI with secrets masked
     * @param elapsedMillis how long the operation ran before failing
     * @param sessionIdHash the hashed session ID, or {@code null}
     * @param detail what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public SessionStoreUnavailableException(String operation, String maskedStoreUri, long elapsedMillis,
            String sessionIdHash, String detail, Throwable cause) {
        super(operation, maskedStoreUri, elapsedMillis, sessionIdHash, detail, cause);
    }
}
