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
        long fence) {

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
        if (fence < 0) {
            throw new IllegalArgumentException("fence must be >= 0, not " + fence);
        }
        if (fence > 0 && kind == Kind.CREATE) {
            throw new IllegalArgumentException("a CREATE can't carry a fence: a new session has no lock");
        }
        setAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(setAttributes));
        removedAttributes = Collections.unmodifiableSet(new LinkedHashSet<>(removedAttributes));
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
                0);
    }

    /**
     * This change, written under a session lock.
     *
     * @param fence the token {@link SessionStore#loadLocked} handed out
     * @return the same change carrying {@code fence}
     */
    public SessionChange withFence(long fence) {
        return new SessionChange(kind, id, at, created, lastAccessed, maxInactive, expiresAt, principal, setAttributes,
                removedAttributes, fence);
    }

    /** {@return whether the change touches no attribute (a metadata-only touch, or an empty creation)} */
    public boolean isMetadataOnly() {
        return setAttributes.isEmpty() && removedAttributes.isEmpty();
    }

    @Override
    public String toString() {
        return "SessionChange[" + kind + " id=" + LogIds.hash(id) + ", set=" + setAttributes.keySet() + ", removed="
                + removedAttributes + ", expiresAt=" + expiresAt + (fence > 0 ? ", fence=" + fence : "") + "]";
    }
}
