/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session IDs: 256 bits from {@link SecureRandom}, written as 43 characters of unpadded base64url.
 *
 * <p>{@link #isWellFormed(String)} is the one place that decides whether a string that came from a client may be a
 * session ID; nothing else reaches a store.
 */
public final class SessionIds {

    /** The length of every session ID, in characters. */
    public static final int LENGTH = 43;

    private static final int BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    private SessionIds(SecureRandom random) {
        this.random = random;
    }

    /** {@return a generator backed by a new {@link SecureRandom}} */
    public static SessionIds create() {
        return new SessionIds(new SecureRandom());
    }

    /**
     * A generator backed by the given random source (tests pass a seeded one).
     *
     * @param random the source of the ID bits
     * @return the generator
     */
    public static SessionIds using(SecureRandom random) {
        return new SessionIds(java.util.Objects.requireNonNull(random, "random"));
    }

    /** {@return a new, unguessable session ID} Thread-safe. */
    public String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * The ID under which the web app {@code scope} keeps its own session for another web app's session {@code id}
     * (a container's cross-context dispatch): the SHA-256 of both, written as an ID. The same on every node, never
     * {@code id} itself, and unguessable without {@code id}.
     */
    static String derive(String id, String scope) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("baton cross-context\0" + scope + "\0" + id).getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether {@code candidate} has the length and alphabet of a session ID. Does no I/O and allocates nothing.
     *
     * @param candidate a string from a cookie or header, possibly {@code null}
     * @return {@code true} when it may be looked up in a store
     */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = candidate.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        // 256 bits in 43 characters leave the last character's low 2 bits zero.
        return (Base64Alphabet.indexOf(candidate.charAt(LENGTH - 1)) & 0b11) == 0;
    }

    private static final class Base64Alphabet {
        static int indexOf(char c) {
            if (c >= 'A' && c <= 'Z') {
                return c - 'A';
            }
            if (c >= 'a' && c <= 'z') {
                return c - 'a' + 26;
            }
            if (c >= '0' && c <= '9') {
                return c - '0' + 52;
            }
            return c == '-' ? 62 : 63;
        }
    }
}
