/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import static dev.baton.redis.internal.RedisKeys.bytes;

import dev.baton.core.StoredSession;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session hash read field by field as Redis sends it ({@code HGETALL}, as a Lettuce command output): attribute
 * values are copied out once, metadata numbers are read from the reply's bytes, and the fields the node doesn't need
 * (the save script's bookkeeping, the lock) are passed over without a copy. Replies that hold a hash as a list or a
 * map are read the same way ({@link #of(List)}, {@link #of(Map)}). Not API.
 */
public final class SessionHash extends CommandOutput<byte[], byte[], SessionHash> {

    /** The field of the creation time (ms); the save's arguments name it too. */
    public static final byte[] M_CREATED = bytes("m:created");
    /** The field of the last access time (ms). */
    private static final byte[] M_LAST_ACCESS = bytes("m:lastAccess");
    /** The field of the session's timeout (ms). */
    private static final byte[] M_MAX_INACTIVE = bytes("m:maxInactive");
    /** The field of the expiry time (ms; -1 never). */
    private static final byte[] M_EXPIRES_AT = bytes("m:expiresAt");
    /** The field of the principal's name; the save's arguments name it too. */
    public static final byte[] M_PRINCIPAL = bytes("m:principal");

    private static final long MISSING = Long.MIN_VALUE;
    private static final int SKIP = 0;
    private static final int ATTRIBUTE = 1;
    private static final int CREATED = 2;
    private static final int LAST_ACCESS = 3;
    private static final int MAX_INACTIVE = 4;
    private static final int EXPIRES_AT = 5;
    private static final int VERSION = 6;
    private static final int PRINCIPAL = 7;
    private static final int MOVED_TO = 8;
    private static final byte[][] METADATA = {null, null, M_CREATED, M_LAST_ACCESS, M_MAX_INACTIVE, M_EXPIRES_AT,
        bytes("m:version"), M_PRINCIPAL, bytes("m:movedTo")};

    private final Map<String, byte[]> attributes = new LinkedHashMap<>();
    private final long[] numbers = {MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING};
    private int fields;
    private boolean value;
    private int kind;
    private String attribute;
    private String principal;
    private boolean moved;
    private boolean damaged;

    /** An empty hash, to be filled by Lettuce or by {@link #of}. */
    public SessionHash() {
        super(ByteArrayCodec.INSTANCE, null);
        output = this;
    }

    /**
     * @param flat field, value, field, value, ... as a script returns a hash
     * @return the hash read from it
     */
    public static SessionHash of(List<?> flat) {
        SessionHash hash = new SessionHash();
        for (Object item : flat) {
            hash.set(ByteBuffer.wrap((byte[]) item));
        }
        return hash;
    }

    /**
     * @param fields a hash's fields and values
     * @return the hash read from them
     */
    public static SessionHash of(Map<byte[], byte[]> fields) {
        SessionHash hash = new SessionHash();
        fields.forEach((name, data) -> {
            hash.set(ByteBuffer.wrap(name));
            hash.set(ByteBuffer.wrap(data));
        });
        return hash;
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (!value) {
            fields++;
            kind = bytes == null ? SKIP : kind(bytes);
            if (kind == ATTRIBUTE) {
                attribute = text(bytes, 2);
            }
        } else if (kind == ATTRIBUTE) {
            attributes.put(attribute, copy(bytes));
        } else if (kind == PRINCIPAL) {
            principal = bytes == null ? null : text(bytes, 0);
        } else if (kind == MOVED_TO) {
            moved = true;
        } else if (kind != SKIP) {
            long number = bytes == null ? MISSING : number(bytes);
            damaged |= number == MISSING;
            numbers[kind] = number;
        }
        value = !value;
    }

    /** Whether the hash has no field: the key doesn't exist. */
    public boolean isEmpty() {
        return fields == 0;
    }

    /** Whether the hash is a tombstone: its session moved to a new ID. */
    public boolean isTombstone() {
        return moved;
    }

    /**
     * @param id the session's ID
     * @return the session the hash holds, or {@code null} when its metadata is damaged: a field missing or not a
     *     number
     */
    public StoredSession session(String id) {
        for (int i = CREATED; i <= VERSION; i++) {
            damaged |= numbers[i] == MISSING;
        }
        if (damaged) {
            return null;
        }
        long expires = numbers[EXPIRES_AT];
        return new StoredSession(id, Instant.ofEpochMilli(numbers[CREATED]), Instant.ofEpochMilli(numbers[LAST_ACCESS]),
                Duration.ofMillis(numbers[MAX_INACTIVE]), expires < 0 ? null : Instant.ofEpochMilli(expires),
                numbers[VERSION], principal, attributes);
    }

    /** What a field is, from its name: {@code a:} an attribute, else one of the metadata fields, else skipped. */
    private static int kind(ByteBuffer name) {
        int length = name.remaining();
        int at = name.position();
        if (length < 2 || name.get(at + 1) != ':') {
            return SKIP;
        }
        if (name.get(at) == 'a') {
            return ATTRIBUTE;
        }
        for (int kind = CREATED; kind <= MOVED_TO; kind++) {
            if (matches(name, METADATA[kind])) {
                return kind;
            }
        }
        return SKIP;
    }

    private static boolean matches(ByteBuffer name, byte[] expected) {
        if (name.remaining() != expected.length) {
            return false;
        }
        int at = name.position();
        for (int i = 0; i < expected.length; i++) {
            if (name.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The UTF-8 text of a reply's bytes from {@code skip} on, leaving the buffer as it was. */
    private static String text(ByteBuffer bytes, int skip) {
        byte[] utf8 = new byte[bytes.remaining() - skip];
        bytes.get(bytes.position() + skip, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A decimal number, as the scripts write it: an optional minus and 1 to 18 digits; else {@link #MISSING}. */
    private static long number(ByteBuffer text) {
        int length = text.remaining();
        int at = text.position();
        boolean negative = length > 0 && text.get(at) == '-';
        int start = negative ? 1 : 0;
        if (length - start < 1 || length - start > 18) {
            return MISSING;
        }
        long number = 0;
        for (int i = start; i < length; i++) {
            int digit = text.get(at + i) - '0';
            if (digit < 0 || digit > 9) {
                return MISSING;
            }
            number = number * 10 + digit;
        }
        return negative ? -number : number;
    }

    private static byte[] copy(ByteBuffer bytes) {
        if (bytes == null) {
            return new byte[0];
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(bytes.position(), copy);
        return copy;
    }
}
