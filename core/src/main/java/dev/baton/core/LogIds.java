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

    private static final byte[] SALT = "baton-log-id:".getBytes(StandardCharsets.US_ASCII);

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
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(SALT);
            byte[] hash = digest.digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
