/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * A request could not hold its session's lock ({@code lockMode}): it waited {@code lockTimeout} for another request
 * to release it, its own lease ran out and another request took the lock before it saved, or it was interrupted while
 * it waited. Nothing of the request's
 * changes was written. Front ends answer 503 with {@code Retry-After}; the request may be retried.
 */
public final class SessionLockException extends SessionStoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /** Why the lock was not held. */
    public enum Reason {
        /** Another request held the lock for longer than {@code lockTimeout}. */
        TIMEOUT,
        /** This request's lease ran out and another request took the lock; the late save was refused. */
        LEASE_LOST,
        /**
         * The request's thread was interrupted while it waited for the lock (the container is stopping, or cancelled
         * the request); the thread's interrupt status is kept.
         */
        INTERRUPTED
    }

    /** Why the lock was not held. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the lock was not held
     * @param operation the store operation
     * @param maskedStoreUri the store URI with secrets masked
     * @param elapsedMillis how long the request waited or held the lease
     * @param sessionIdHash the hashed session ID
     * @param detail what happened
     */
    public SessionLockException(Reason reason, String operation, String maskedStoreUri, long elapsedMillis,
            String sessionIdHash, String detail) {
        super(operation, maskedStoreUri, elapsedMillis, sessionIdHash, detail, null);
        this.reason = reason;
    }

    /** {@return why the lock was not held} */
    public Reason reason() {
        return reason;
    }
}
