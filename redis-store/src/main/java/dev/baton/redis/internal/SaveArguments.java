/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import static dev.baton.redis.internal.RedisKeys.bytes;
import static dev.baton.redis.internal.RedisKeys.number;
import static dev.baton.redis.internal.SessionHash.M_CREATED;
import static dev.baton.redis.internal.SessionHash.M_PRINCIPAL;

import dev.baton.core.SessionChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The arguments of {@code save.lua}, and the TTL rules they carry. Not API. */
public final class SaveArguments {

    /** How long a session's key outlives its expiry, for the reaper. */
    public static final Duration GRACE = Duration.ofMinutes(5);
    /**
     * How far past {@code expiresAt + GRACE} a save sets the key's TTL when it has to move it: later saves leave the
     * TTL alone until the session's expiry passes it, so that most of them skip the {@code PEXPIREAT}.
     */
    public static final Duration TTL_HEADROOM = Duration.ofMinutes(5);
    /** The fixed arguments come first; the field/value pairs start after them (save.lua's FIELDS, 1-based there). */
    private static final int FIELDS = 11;
    private static final byte[] CREATE = bytes("C");
    private static final byte[] UPDATE = bytes("U");
    private static final byte[] ZERO = bytes("0");
    private static final byte[] ONE = bytes("1");
    private static final byte[] MINUS_ONE = bytes("-1");

    private SaveArguments() {
    }

    /**
     * The arguments of {@code save.lua} (its header lists them): the metadata every save writes comes first, in
     * fixed places; the rest (the creation time, the principal, the attributes) arrives as the hash's own fields
     * and values, so that the script writes them with no work per field.
     */
    public static byte[][] of(SessionChange change) {
        boolean create = change.kind() == SessionChange.Kind.CREATE;
        boolean principal = change.principal() != null;
        Map<String, byte[]> set = change.setAttributes();
        int pairs = (create ? 1 : 0) + (principal ? 1 : 0) + set.size();
        Map<String, byte[]> expected = change.expectedAttributes();
        byte[][] args = new byte[FIELDS + 2 * pairs + change.removedAttributes().size() + 2 * expected.size() + 1][];
        Instant expiresAt = change.expiresAt();
        byte[] expires = expiresAt == null ? MINUS_ONE : number(expiresAt.toEpochMilli());
        byte[] at = number(change.at().toEpochMilli());
        args[0] = create ? CREATE : UPDATE;
        args[1] = at;
        // A request saves at the moment it last accessed the session: one number, converted once.
        args[2] = change.lastAccessed().equals(change.at()) ? at : number(change.lastAccessed().toEpochMilli());
        args[3] = expires;
        args[4] = number(change.maxInactive().toMillis());
        args[5] = expiresAt == null ? MINUS_ONE : number(expiresAt.plus(GRACE).toEpochMilli());
        args[6] = expiresAt == null ? MINUS_ONE : number(expiresAt.plus(GRACE).plus(TTL_HEADROOM).toEpochMilli());
        args[7] = bytes(change.id());
        args[8] = change.fence() == 0 ? ZERO : number(change.fence());
        args[9] = principal ? ONE : ZERO;
        args[FIELDS - 1] = number(pairs);
        int i = FIELDS;
        if (create) {
            args[i++] = M_CREATED;
            args[i++] = number(change.created().toEpochMilli());
        }
        if (principal) {
            args[i++] = M_PRINCIPAL;
            args[i++] = bytes(change.principal());
        }
        for (Map.Entry<String, byte[]> attribute : set.entrySet()) {
            args[i++] = attributeField(attribute.getKey());
            args[i++] = attribute.getValue();
        }
        for (String name : change.removedAttributes()) {
            args[i++] = attributeField(name);
        }
        // A late change's expectations trail, closed by their count ('0' for an ordinary change).
        for (Map.Entry<String, byte[]> attribute : expected.entrySet()) {
            args[i++] = attributeField(attribute.getKey());
            args[i++] = attribute.getValue();
        }
        args[i] = expected.isEmpty() ? ZERO : number(expected.size());
        return args;
    }

    /** The hash field of an attribute: {@code a:} and its name in UTF-8. */
    private static byte[] attributeField(String name) {
        int length = name.length();
        byte[] field = new byte[2 + length];
        field[0] = 'a';
        field[1] = ':';
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return bytes("a:" + name);
            }
            field[2 + i] = (byte) c;
        }
        return field;
    }
}
