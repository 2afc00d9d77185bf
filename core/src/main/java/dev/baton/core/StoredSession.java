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
import java.util.Map;

/**
 * A session as a store holds it: metadata plus each attribute's encoded bytes. Nothing here is decoded; the bytes
 * are opaque to stores and are only turned into objects by the request logic, with the web app's class loader.
 *
 * @param id the session ID (never logged; {@link #toString()} shows a hash of it)
 * @param created when the session was created
 * @param lastAccessed the last access the store knows of (touches are coalesced, so this may lag the real last
 *     request by up to {@code touchInterval})
 * @param maxInactive the idle timeout; zero or negative means the session never idles out
 * @param expiresAt when the session expires, or {@code null} when it never does; computed by the request logic from
 *     the idle timeout and {@code maxSessionAge}, and the only expiry rule a store applies
 * @param version bumped by the store on every save; starts at 1
 * @param principal the authenticated user's name, or {@code null}
 * @param attributes attribute name to encoded bytes; unmodifiable
 */
public record StoredSession(
        String id,
        Instant created,
        Instant lastAccessed,
        Duration maxInactive,
        Instant expiresAt,
        long version,
        String principal,
        Map<String, byte[]> attributes) {

    /**
     * Checks the arguments and freezes {@code attributes}, their names made canonical ({@link String#intern}).
     *
     * @param id the session ID
     * @param created when the session was created
     * @param lastAccessed the last access the store knows of
     * @param maxInactive the idle timeout; zero or negative means never
     * @param expiresAt when the session expires, or {@code null} when it never does
     * @param version bumped by the store on every save; starts at 1
     * @param principal the authenticated user's name, or {@code null}
     * @param attributes attribute name to encoded bytes
     */
    public StoredSession {
        requireNonNull(id, "id");
        requireNonNull(created, "created");
        requireNonNull(lastAccessed, "lastAccessed");
        requireNonNull(maxInactive, "maxInactive");
        requireNonNull(attributes, "attributes");
        Map<String, byte[]> named = new LinkedHashMap<>(attributes.size() * 4 / 3 + 1);
        // The names canonical, as the app's own literals are: a request's lookups of them then match by identity.
        attributes.forEach((name, bytes) -> named.put(name.intern(), bytes));
        attributes = Collections.unmodifiableMap(named);
    }

    /**
     * Whether the session has expired at {@code now}: its {@link #expiresAt()} is not after {@code now}.
     *
     * @param now the time to check against
     * @return {@code true} when expired
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "StoredSession[id=" + LogIds.hash(id) + ", version=" + version + ", expiresAt=" + expiresAt
                + ", attributes=" + attributes.keySet() + "]";
    }
}
