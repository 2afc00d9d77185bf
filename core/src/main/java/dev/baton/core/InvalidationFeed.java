/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.time.Duration;

/**
 * A store's stream of session changes, for the near cache ({@code nearCacheSize}): every write, delete, claim, reap
 * and change of ID that the store applies, made by any node, is reported to every node's feed, so that a node drops
 * its cached copy of the session when older than the change. Part of the store SPI: a store that can tell its nodes of changes returns one from
 * {@link SessionStore#openInvalidationFeed}; the engine that opened it closes it.
 *
 * <p>Messages may be lost while the feed is not connected; the feed says so ({@link Listener#disconnected()}) and the
 * engine then bypasses and empties its cache until {@link Listener#connected()}. A connection that goes silent
 * without being closed (a half-open TCP connection, a frozen server) counts as lost: a feed proves its connection
 * alive with an exchange with the store at least every {@link #HEARTBEAT} and reports {@link Listener#disconnected()}
 * when none has succeeded for {@link #LIVENESS_BOUND}, so a change made by another node reaches a node's cache, or
 * stops it serving, within that bound.
 */
public interface InvalidationFeed extends AutoCloseable {

    /** How often a feed proves its connection alive when nothing else has (a ping on the feed's own connection). */
    Duration HEARTBEAT = Duration.ofMillis(500);

    /**
     * The longest a feed stays connected without an exchange that proved the connection alive: past it the feed reports
     * {@link Listener#disconnected()} and reconnects.
     */
    Duration LIVENESS_BOUND = Duration.ofSeconds(2);

    /**
     * The version a removal is announced with ({@link Listener#invalidated(String, long)}): newer than any copy.
     */
    long REMOVED = Long.MAX_VALUE;

    /**
     * Reports one message of a store's channel to {@code listener}. The message text is the same on every store: the
     * session ID alone for a removal (a delete, a claim, a reap, the old ID of a change of ID), or the ID, one space
     * and the version the save wrote, in decimal. A message whose version can't be read counts as a removal.
     *
     * @param message the message, as the store published it
     * @param listener receives it
     */
    static void report(String message, Listener listener) {
        int space = message.lastIndexOf(' ');
        if (space < 0) {
            listener.invalidated(message, REMOVED);
            return;
        }
        long version;
        try {
            version = Long.parseLong(message, space + 1, message.length(), 10);
        } catch (NumberFormatException e) {
            version = REMOVED;
        }
        listener.invalidated(message.substring(0, space), version);
    }

    /**
     * Starts listening, in the background: returns at once, connects (and reconnects) by itself, and reports to
     * {@code listener} on the feed's own thread, in the order the store applied the changes.
     *
     * @param listener receives the feed's events; its methods must be quick and must not throw
     * @throws IllegalStateException when already started
     */
    void start(Listener listener);

    /** Stops listening and releases the feed's connection. Idempotent and bounded in time. */
    @Override
    void close();

    /** What a feed reports. */
    interface Listener {

        /**
         * Session {@code id} was changed, deleted, claimed or renamed by some node: a cached copy older than
         * {@code version} is outdated.
         *
         * @param id the session ID
         * @param version the version a save wrote, or {@link #REMOVED} for a delete, a claim, a reap or the old ID of
         *     a change of ID
         */
        void invalidated(String id, long version);

        /** The feed listens: every change the store applies from now on is reported. */
        void connected();

        /** The feed stopped listening (connection lost): changes may go unreported until {@link #connected()}. */
        void disconnected();

        /**
         * The feed's connection was proven alive by an exchange with the store that began at {@code since}: every
         * change the store applied before {@code since} has been reported (e.g. a ping's reply, which comes after
         * every message published before the ping, on the same connection). {@link #connected()} is such a proof at
         * the time it is called. A feed calls this at least every {@link #HEARTBEAT} while connected; a listener
         * may take a feed whose last proof is older than {@link #LIVENESS_BOUND} for lost, even before it says
         * {@link #disconnected()} (its timer may run late: a long GC pause, a starved scheduler).
         *
         * @param since when the exchange began, in {@link System#nanoTime()}
         */
        default void alive(long since) {
            // Listeners that don't serve from a cache have no use for it.
        }
    }
}
