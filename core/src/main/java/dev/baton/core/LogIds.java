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
    /**
     * The last hash made in each slot of the IDs' {@code hashCode}, so that the requests of a session served again and
     * again (the access log's attribute, each request) hash it once: racy, but each element is immutable.
     */
    private static final Hashed[] RECENT = new Hashed[1024];

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
        int slot = sessionId.hashCode() & (RECENT.length - 1);
        Hashed recent = RECENT[slot];
        if (recent != null && recent.id.equals(sessionId)) {
            return recent.hash;
        }
        String hash = "#" + HexFormat.of().formatHex(digest(sessionId), 0, 8);
        RECENT[slot] = new Hashed(sessionId, hash);
        return hash;
    }

    private static byte[] digest(String sessionId) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SALTED.clone();
        } catch (CloneNotSupportedException e) {
            digest = salted();
        }
        return digest.digest(sessionId.getBytes(StandardCharsets.UTF_8));
    }

    private record Hashed(String id, String hash) {
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
