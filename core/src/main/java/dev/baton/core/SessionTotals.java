/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * Running totals a store keeps for the whole cluster, counted inside the writes that create and claim sessions: for the
 * Tomcat manager's {@code sessionCounter} and {@code expiredSessions}, and for dashboards. They start at 0 when the
 * store's data is new (an empty Redis key space, new tables) and only grow.
 *
 * @param created sessions created, by every node
 * @param expired sessions that expired and were claimed, by a node's reaper or by a request that found its session
 *     expired (each counted once: only the claim that removed it counts)
 */
public record SessionTotals(long created, long expired) {
}
