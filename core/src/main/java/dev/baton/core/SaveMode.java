/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/** Which attributes a request writes back to the store ({@code saveMode}). */
public enum SaveMode {
    /**
     * Only attributes passed to {@code setAttribute} or removed. Cheapest; an object changed in place without a new
     * {@code setAttribute} call is lost, as with Tomcat's DeltaManager.
     */
    ON_SET_ATTRIBUTE,
    /**
     * The default. Attributes set or removed, plus every attribute the request read whose re-encoded bytes differ
     * from the stored ones: a cart changed in place is saved, an untouched one costs no write. Values of immutable
     * JDK types (strings, numbers, {@code java.time}) are never re-encoded.
     */
    ON_MUTATION,
    /**
     * Attributes set or removed, plus every attribute the request read, changed or not. Costs a write per read; use
     * only when a value's encoding is not stable.
     */
    ALWAYS
}
