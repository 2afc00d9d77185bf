/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Where an engine reports what it counts and times, for a metrics library ({@code dev.baton:baton-micrometer}
 * implements it for Micrometer). Each engine asks for one {@link Recorder} when it starts, tagged with its store's
 * kind and its application, and calls it on the request path: a recorder must be thread-safe, must not block, and
 * should not allocate (every argument is a primitive or an enum constant, so that it can index meters it created up
 * front).
 *
 * <p>An engine built without one finds an implementation on its class loader through {@link ServiceLoader}
 * ({@code META-INF/services/dev.baton.core.SessionMetrics}), else uses {@link #NONE}, which costs nothing: the store
 * is then not even wrapped for timing.
 */
public interface SessionMetrics {

    /** Records nothing. */
    SessionMetrics NONE = (storeKind, application) -> null;

    /**
     * The recorder for one engine.
     *
     * @param storeKind the store's kind ({@code redis}, {@code redis-cluster}, {@code postgresql}, …)
     * @param application the web app's name (its context path, {@code /} for the root; the Spring application's name
     *     under the Boot starter)
     * @return the recorder, or {@code null} to record nothing for this engine
     */
    Recorder recorder(String storeKind, String application);

    /**
     * The metrics implementation on {@code loader}'s class path, else on Baton's own, else {@link #NONE}. An
     * implementation that another copy of Baton's classes loaded (a web app's own copy beside the container's) is
     * skipped.
     *
     * @param loader the web app's class loader
     * @return the implementation found
     */
    static SessionMetrics discover(ClassLoader loader) {
        for (ClassLoader candidate : new ClassLoader[] {loader, SessionMetrics.class.getClassLoader()}) {
            try {
                for (SessionMetrics found : ServiceLoader.load(SessionMetrics.class, candidate)) {
                    return found;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // Another copy of Baton, or a provider whose library (Micrometer) is missing: not ours to use.
            }
        }
        return NONE;
    }

    /** A store operation, as {@link Recorder#storeCall} times it. */
    enum StoreOperation {
        /** {@link SessionStore#load}. */
        LOAD,
        /** {@link SessionStore#loadLocked}. */
        LOAD_LOCKED,
        /** {@link SessionStore#renewLock}. */
        RENEW_LOCK,
        /** {@link SessionStore#unlock}. */
        UNLOCK,
        /** {@link SessionStore#save}. */
        SAVE,
        /** {@link SessionStore#delete}. */
        DELETE,
        /** {@link SessionStore#changeId}. */
        CHANGE_ID,
        /** {@link SessionStore#reapExpired}. */
        REAP,
        /** {@link SessionStore#claimExpired}. */
        CLAIM_EXPIRED,
        /** {@link SessionStore#ping}. */
        PING,
        /** Anything else a store offers (counting, the principal index). */
        OTHER
    }

    /** How a store call ended. */
    enum Outcome {
        /** Done: found, saved, deleted, renewed. */
        SUCCESS,
        /** Answered, with nothing there: no such session, or {@link SaveResult#GONE}, or nothing to delete. */
        ABSENT,
        /** Answered, refused by the lock: {@link LockedLoad.Busy} or {@link SaveResult#FENCED}. */
        LOCKED,
        /** Answered, refused: a late change found a newer value in the store ({@link SaveResult#STALE}). */
        STALE,
        /** The store could not be reached in time ({@link SessionStoreUnavailableException}). */
        UNAVAILABLE,
        /** The store failed otherwise ({@link SessionStoreException} or another exception). */
        ERROR
    }

    /** Why a request was answered 503. */
    enum RejectReason {
        /** The store refused the connection or dropped it. */
        STORE_DOWN,
        /** The store did not answer within {@code storeTimeout}. */
        STORE_TIMEOUT,
        /** Another request held the session's lock for longer than {@code lockTimeout}. */
        LOCK_TIMEOUT,
        /** The request's lock lease ran out and another request took the lock before it saved. */
        LEASE_LOST,
        /** The request was interrupted while it waited for the session's lock. */
        INTERRUPTED
    }

    /** One engine's recorder. Every method has a no-op default; implementations are thread-safe and never block. */
    interface Recorder {

        /** A session was created on this node. */
        default void sessionCreated() {
        }

        /** A session was invalidated by the app on this node (and this node's delete removed it). */
        default void sessionInvalidated() {
        }

        /** An expired session was claimed by this node's reaper and destroyed here. */
        default void sessionExpired() {
        }

        /**
         * A request's session was served from this node's near cache ({@code nearCacheSize}), without a store call.
         * With {@link StoreOperation#LOAD}'s calls, it gives the cache's hit ratio.
         */
        default void nearCacheHit() {
        }

        /**
         * A store call ended.
         *
         * @param operation which call
         * @param outcome how it ended
         * @param nanos how long it took
         */
        default void storeCall(StoreOperation operation, Outcome outcome, long nanos) {
        }

        /**
         * A request was answered 503.
         *
         * @param reason why
         */
        default void requestRejected(RejectReason reason) {
        }

        /**
         * A session was written.
         *
         * @param sessionBytes the session's attribute bytes after the write
         * @param attributesWritten how many attributes the write set (removals not counted)
         */
        default void sessionSaved(long sessionBytes, int attributesWritten) {
        }

        /**
         * An attribute value failed to decode and was dropped; {@link AttributeDecodingException.Reason#CLASS_NOT_ALLOWED}
         * is a refused class.
         *
         * @param reason why
         */
        default void decodeFailed(AttributeDecodingException.Reason reason) {
        }

        /**
         * A request waited for its session's lock ({@code lockMode}); requests that found it free are not reported.
         *
         * @param nanos how long it waited
         * @param acquired whether it got the lock (or found the session gone), rather than timing out
         */
        default void lockWaited(long nanos, boolean acquired) {
        }
    }
}
