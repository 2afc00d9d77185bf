/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One AES-256 key of the {@code encryptionKeys} setting, with the short ID that stored values carry so that the key
 * that wrote them can be found after a rotation.
 *
 * @param id 1 to 16 characters of {@code [A-Za-z0-9_-]}
 * @param secret exactly 32 bytes
 */
public record EncryptionKey(String id, byte[] secret) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    /**
     * Checks the ID's form and the key's length, and copies the secret.
     *
     * @param id 1 to 16 characters of {@code [A-Za-z0-9_-]}
     * @param secret exactly 32 bytes
     * @throws IllegalArgumentException when either is malformed
     */
    public EncryptionKey {
        requireNonNull(id, "id");
        requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("encryption key id '" + id + "' must be 1 to 16 of [A-Za-z0-9_-]");
        }
        if (secret.length != 32) {
            throw new IllegalArgumentException(
                    "encryption key '" + id + "' must be 32 bytes (AES-256), not " + secret.length);
        }
        secret = secret.clone();
    }

    /** {@return a copy of the key bytes} */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Shows the ID only. */
    @Override
    public String toString() {
        return "EncryptionKey[" + id + ", ****]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptionKey key && key.id.equals(id) && java.util.Arrays.equals(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
