/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/** How attribute values become bytes ({@code codec}). Both run behind the class allow-list. */
public enum CodecKind {
    /** The default: Kryo 5, compact and fast, tolerant of fields added or removed between deploys. */
    KRYO,
    /** Java serialization under an {@link java.io.ObjectInputFilter}; values must be {@link java.io.Serializable}. */
    JAVA
}
