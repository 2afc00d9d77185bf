/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
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
    /** Each character's value in the URL-safe Base64 alphabet, by its code; -1 for a character outside it. */
    private static final byte[] ALPHABET_INDEX = alphabetIndex();

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
        int index = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = candidate.charAt(i);
            index = c < ALPHABET_INDEX.length ? ALPHABET_INDEX[c] : -1;
            if (index < 0) {
                return false;
            }
        }
        // 256 bits in 43 characters leave the last character's low 2 bits zero.
        return (index & 0b11) == 0;
    }

    private static byte[] alphabetIndex() {
        byte[] index = new byte[128];
        Arrays.fill(index, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            index[alphabet.charAt(i)] = (byte) i;
        }
        return index;
    }
}
