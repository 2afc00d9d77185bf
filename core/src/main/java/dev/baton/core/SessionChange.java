/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One write to a store: the creation of a session, or a delta applied to an existing one.
 *
 * <p>Every change carries the session's full metadata (it is small), and only the attributes that changed: those
 * {@linkplain #setAttributes() set} with their new bytes, and those {@linkplain #removedAttributes() removed}. An
 * attribute is never in both.
 *
 * @param kind whether this creates the session or updates it
 * @param id the session ID
 * @param at the time of the save, by the request logic's clock; an {@link Kind#UPDATE} of a session that has
 *     expired by this time is refused as {@link SaveResult#GONE}
 * @param created when the session was created
 * @param lastAccessed the last access time to store
 * @param maxInactive the idle timeout to store; zero or negative means never
 * @param expiresAt the new expiry, or {@code null} for never; stores index and apply only this
 * @param principal the authenticated user's name, or {@code null}
 * @param setAttributes attributes to write, name to encoded bytes; unmodifiable
 * @param removedAttributes attributes to delete; unmodifiable
 * @param fence the fencing token of the session lock this request holds ({@code lockMode}), or 0 when it holds none;
 *     see {@link SessionStore#save(SessionChange)}
 * @param expectedAttributes for a change made after the response was committed (a <em>late</em> change): attribute
 *     name to the bytes this request last knew the store to hold for it, a zero-length array for none (stored values
 *     are never empty: every encoded value starts with its envelope). An {@link Kind#UPDATE} with expectations is
 *     written only when the store holds exactly these bytes for every name here, else nothing is written and the save
 *     returns {@link SaveResult#STALE}; empty for an ordinary change; unmodifiable
 */
public record SessionChange(
        Kind kind,
        String id,
        Instant at,
        Instant created,
        Instant lastAccessed,
        Duration maxInactive,
        Instant expiresAt,
        String principal,
        Map<String, byte[]> setAttributes,
        Set<String> removedAttributes,
        long fence,
        Map<String, byte[]> expectedAttributes) {

    /** What a change does to the store. */
    public enum Kind {
        /**
         * Writes a new session with exactly the metadata and the set attributes of the change, replacing anything
         * stored under the same ID (IDs are 256-bit random, so a replay after a reconnect is the only way to meet
         * one).
         */
        CREATE,
        /**
         * Applies the delta to an existing session. When the session does not exist or has expired at {@link #at()},
         * nothing is written and the save returns {@link SaveResult#GONE}: a late request never resurrects an
         * invalidated or expired session.
         */
        UPDATE
    }

    /**
     * Checks the arguments and freezes the collections.
     *
     * @param kind whether this creates the session or updates it
     * @param id the session ID
     * @param at the time of the save
     * @param created when the session was created
     * @param lastAccessed the last access time to store
     * @param maxInactive the idle timeout to store
     * @param expiresAt the new expiry, or {@code null} for never
     * @param principal the authenticated user's name, or {@code null}
     * @param setAttributes attributes to write
     * @param removedAttributes attributes to delete
     * @param fence the token of the session lock this request holds, or 0
     * @param expectedAttributes for a late change, the bytes the request knew the store to hold for each set or
     *     removed attribute (a zero-length array for none); empty for an ordinary change
     * @throws IllegalArgumentException when {@code fence} is negative, a creation carries one, or an attribute is both
     *     set and removed
     */
    public SessionChange {
        requireNonNull(kind, "kind");
        requireNonNull(id, "id");
        requireNonNull(at, "at");
        requireNonNull(created, "created");
        requireNonNull(lastAccessed, "lastAccessed");
        requireNonNull(maxInactive, "maxInactive");
        requireNonNull(setAttributes, "setAttributes");
        requireNonNull(removedAttributes, "removedAttributes");
        requireNonNull(expectedAttributes, "expectedAttributes");
        if (fence < 0) {
            throw new IllegalArgumentException("fence must be >= 0, not " + fence);
        }
        if (fence > 0 && kind == Kind.CREATE) {
            throw new IllegalArgumentException("a CREATE can't carry a fence: a new session has no lock");
        }
        if (!expectedAttributes.isEmpty() && kind == Kind.CREATE) {
            throw new IllegalArgumentException("a CREATE can't expect attributes: a new session has none stored");
        }
        // Copies, but none of an empty one: most changes remove nothing and expect nothing.
        setAttributes = frozen(setAttributes);
        removedAttributes = removedAttributes.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(removedAttributes));
        expectedAttributes = frozen(expectedAttributes);
        for (String name : removedAttributes) {
            if (setAttributes.containsKey(name)) {
                throw new IllegalArgumentException("attribute '" + name + "' is both set and removed");
            }
        }
    }

    /**
     * A change that holds no lock.
     *
     * @param kind whether this creates the session or updates it
     * @param id the session ID
     * @param at the time of the save
     * @param created when the session was created
     * @param lastAccessed the last access time to store
     * @param maxInactive the idle timeout to store
     * @param expiresAt the new expiry, or {@code null} for never
     * @param principal the authenticated user's name, or {@code null}
     * @param setAttributes attributes to write
     * @param removedAttributes attributes to delete
     */
    public SessionChange(Kind kind, String id, Instant at, Instant created, Instant lastAccessed, Duration maxInactive,
            Instant expiresAt, String principal, Map<String, byte[]> setAttributes, Set<String> removedAttributes) {
        this(kind, id, at, created, lastAccessed, maxInactive, expiresAt, principal, setAttributes, removedAttributes,
                0, Map.of());
    }

    /**
     * A change with no expectations: written whatever the store holds for its attributes.
     *
     * @param kind whether this creates the session or updates it
     * @param id the session ID
     * @param at the time of the save
     * @param created when the session was created
     * @param lastAccessed the last access time to store
     * @param maxInactive the idle timeout to store
     * @param expiresAt the new expiry, or {@code null} for never
     * @param principal the authenticated user's name, or {@code null}
     * @param setAttributes attributes to write
     * @param removedAttributes attributes to delete
     * @param fence the lock's fencing token, or 0
     */
    public SessionChange(Kind kind, String id, Instant at, Instant created, Instant lastAccessed, Duration maxInactive,
            Instant expiresAt, String principal, Map<String, byte[]> setAttributes, Set<String> removedAttributes,
            long fence) {
        this(kind, id, at, created, lastAccessed, maxInactive, expiresAt, principal, setAttributes, removedAttributes,
                fence, Map.of());
    }

    /**
     * This change, written under a session lock.
     *
     * @param fence the token {@link SessionStore#loadLocked} handed out
     * @return the same change carrying {@code fence}
     */
    public SessionChange withFence(long fence) {
        return new SessionChange(kind, id, at, created, lastAccessed, maxInactive, expiresAt, principal, setAttributes,
                removedAttributes, fence, expectedAttributes);
    }

    /**
     * This change, written only if the store still holds {@code expected} (a late change: see
     * {@link #expectedAttributes()}).
     *
     * @param expected attribute name to the bytes the store must hold for it, a zero-length array for none
     * @return the same change with these expectations
     */
    public SessionChange expecting(Map<String, byte[]> expected) {
        return new SessionChange(kind, id, at, created, lastAccessed, maxInactive, expiresAt, principal, setAttributes,
                removedAttributes, fence, expected);
    }

    /**
     * {@return whether this is a conditional (late) change: it carries {@linkplain #expectedAttributes() expectations}}
     */
    public boolean isConditional() {
        return !expectedAttributes.isEmpty();
    }

    /** {@return whether the change touches no attribute (a metadata-only touch, or an empty creation)} */
    public boolean isMetadataOnly() {
        return setAttributes.isEmpty() && removedAttributes.isEmpty();
    }

    @Override
    public String toString() {
        return "SessionChange[" + kind + " id=" + LogIds.hash(id) + ", set=" + setAttributes.keySet() + ", removed="
                + removedAttributes + ", expiresAt=" + expiresAt + (fence > 0 ? ", fence=" + fence : "")
                + (expectedAttributes.isEmpty() ? "" : ", expected=" + expectedAttributes.keySet()) + "]";
    }

    private static Map<String, byte[]> frozen(Map<String, byte[]> attributes) {
        return attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
