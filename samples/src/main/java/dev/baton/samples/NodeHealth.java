/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.time.Duration;

/**
 * Whether one node is in a balancer's rotation, from its health checks, with the same rules for both balancers: a
 * check every {@link #INTERVAL}, a check slower than {@link #TIMEOUT} fails, {@link #FALL} failures in a row take the
 * node out, {@link #RISE} successes in a row bring it back. A busy machine that answers one check late keeps the node
 * in; a killed node, whose checks are refused at once, is out within {@code FALL} intervals (under a second).
 * Thread-safe.
 */
final class NodeHealth {

    /** Time between two checks of one node. */
    static final Duration INTERVAL = Duration.ofMillis(250);
    /** A check with no answer by then fails: eight intervals, as production balancers keep it several. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Failed checks in a row that take a node out of rotation. */
    static final int FALL = 3;
    /** Successful checks in a row that bring a node back. */
    static final int RISE = 2;

    /** Consecutive results of one kind: positive for successes, negative for failures. */
    private int streak;
    private boolean inRotation = true;

    /**
     * Records a check's result.
     *
     * @param ok whether the node answered 200 in time
     * @return whether the node is in rotation now
     */
    synchronized boolean record(boolean ok) {
        streak = ok ? Math.max(streak, 0) + 1 : Math.min(streak, 0) - 1;
        if (inRotation && streak <= -FALL) {
            inRotation = false;
        } else if (!inRotation && streak >= RISE) {
            inRotation = true;
        }
        return inRotation;
    }

    /** Takes the node out at once, as a refused connection shows it dead; {@link #RISE} good checks bring it back. */
    synchronized void markDown() {
        inRotation = false;
        streak = Math.min(streak, 0);
    }

    synchronized boolean inRotation() {
        return inRotation;
    }
}
