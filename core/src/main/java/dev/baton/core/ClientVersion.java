/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.Optional;

/**
 * One request's view of its client's near-cache token ({@code nearCacheSize}): the token the client presented, and
 * the version of a session the client has seen by the end of the request, read or written by it. Not thread-safe:
 * its {@link SessionRequest} guards it.
 */
final class ClientVersion {

    private String presented;
    /** The session {@link #presentedVersion} was read for, or {@code null}. */
    private String presentedId;
    private long presentedVersion;
    /** The session {@link #version} is of, or {@code null}. */
    private String sessionId;
    /** The version of {@link #sessionId} the client has seen, or 0 when it holds no usable one. */
    private long version;

    /** The token the client sent, or {@code null}. */
    void present(String token) {
        presented = token;
        presentedId = null;
    }

    /** The version the client's token names for session {@code id}, or 0; read once per ID. */
    long presentedFor(String id) {
        if (!id.equals(presentedId)) {
            presentedVersion = NearCache.version(presented, id);
            presentedId = id;
        }
        return presentedVersion;
    }

    /** The request read session {@code id} at {@code readVersion} (0 for none found). */
    void read(String id, long readVersion) {
        sessionId = id;
        version = readVersion;
    }

    /**
     * Whether a save that wrote {@code written} for {@code change} wrote the version after the one the request read
     * (a creation: version 1), so that the writer's state is exactly the stored one at that version.
     */
    boolean isNextOf(SessionChange change, long written) {
        if (change.kind() == SessionChange.Kind.CREATE) {
            return written == 1;
        }
        return version > 0 && written == version + 1 && change.id().equals(sessionId);
    }

    /**
     * The request's save wrote version {@code written} of session {@code id} (0 when the store does not say): the
     * client has seen at least that version, wherever later requests go.
     */
    void written(String id, long written) {
        sessionId = id;
        version = written;
    }

    /** The client's version is unknown from now on: a change of ID, or a change after the response was committed. */
    void forget() {
        version = 0;
    }

    /**
     * The token to send, when it differs from the client's: the version of {@code current} the client has seen, or an
     * empty string to drop its token (none known, the session invalid or another one, the cache off).
     *
     * @param enabled whether the near cache is on
     * @param current the request's session at its end, or {@code null}
     * @return the token, an empty string to clear it, or empty when the client's token stands
     */
    Optional<String> toSend(boolean enabled, BatonSession current) {
        boolean known = enabled && version > 0 && current != null && current.isValid()
                && current.getId().equals(sessionId);
        if (known ? presentedFor(sessionId) == version : presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        present(known ? NearCache.token(sessionId, version) : "");
        return Optional.of(presented);
    }
}
