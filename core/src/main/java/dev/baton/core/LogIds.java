/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What logs and messages show instead of a session ID: the first 16 hex digits of SHA-256 over a fixed salt and the
 * ID. The same on every node, so that one user's requests can be followed across a cluster's logs; a 256-bit random
 * ID can't be recovered from it. Part of the store SPI: a store names a session in its log lines and in the
 * {@link SessionStoreException}s it throws by this hash, never by its ID.
 */
public final class LogIds {

    /** SHA-256 fed with the salt; each hash starts from a clone (looking a digest up costs more than the hash). */
    private static final MessageDigest SALTED = salted();

    private LogIds() {
    }

    /**
     * The log-safe form of a session ID.
     *
     * @param sessionId the ID, or {@code null}
     * @return {@code "#"} followed by 16 hex digits, or {@code "#none"} for {@code null}
     */
    public static String hash(String sessionId) {
        if (sessionId == null) {
            return "#none";
        }
        MessageDigest digest;
        try {
            digest = (MessageDigest) SALTED.clone();
        } catch (CloneNotSupportedException e) {
            digest = salted();
        }
        byte[] hash = digest.digest(sessionId.getBytes(StandardCharsets.UTF_8));
        return "#" + HexFormat.of().formatHex(hash, 0, 8);
    }

    private static MessageDigest salted() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("baton-log-id:".getBytes(StandardCharsets.US_ASCII));
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
