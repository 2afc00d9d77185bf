/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How attribute names and principals fit SQL columns whatever they hold. A name is written as it is when it is
 * <em>plain</em>: at most {@value #MAX_PLAIN_NAME_BYTES} bytes in UTF-8, no NUL character (PostgreSQL's text rejects
 * it) nor lone surrogate (UTF-8 can't hold it), and not beginning with {@link #MARK}; any other name is written as a
 * <em>key</em>, {@link #MARK} followed by the SHA-256 (in hex) of the name's UTF-16 bytes, and the name itself goes
 * before the value in the {@code bytes} column: its length in bytes (4 bytes, big-endian), then the name in UTF-16BE,
 * which holds any Java string. A principal is plain up to {@value #MAX_PLAIN_PRINCIPAL_CHARS} characters (the
 * column's width); a longer one is written as its key, and the principal itself in an attribute row named
 * {@link #PRINCIPAL_ROW}, which no attribute can be written as.
 *
 * <p>Plain names and principals are written as before this scheme existed, so rows written earlier read the same. A
 * row is read as a key only when its name is {@link #MARK} and 64 hex digits and its bytes begin with a name of that
 * hash; anything else reads as it is.
 */
final class StoredNames {

    /** The first character of a key: U+0001, which a plain name never begins with. */
    static final char MARK = '\u0001';
    /** The attribute row that holds a principal too long for its column. */
    static final String PRINCIPAL_ROW = MARK + "principal";
    /** The longest name written as it is: the width of MariaDB's and H2's name columns. */
    static final int MAX_PLAIN_NAME_BYTES = 2000;
    /** The longest principal written as it is: the width of the principal column. */
    static final int MAX_PLAIN_PRINCIPAL_CHARS = 255;

    private static final int HASH_HEX_DIGITS = 64;
    private static final int LENGTH_BYTES = Integer.BYTES;
    private static final HexFormat HEX = HexFormat.of();

    private StoredNames() {
    }

    /** The attribute's name as its row holds it. */
    static String column(String name) {
        return isPlain(name, name.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN_NAME_BYTES) ? name : key(name);
    }

    /**
     * The row that holds an attribute: its name column, and its value, with the name first when the column holds a
     * key.
     *
     * @param name the attribute's name
     * @param bytes the attribute's value
     * @return the row's name column and bytes
     */
    static Attribute row(String name, byte[] bytes) {
        String column = column(name);
        if (column.equals(name)) {
            return new Attribute(name, bytes);
        }
        byte[] utf16 = utf16(name);
        return new Attribute(column, ByteBuffer.allocate(LENGTH_BYTES + utf16.length + bytes.length)
                .putInt(utf16.length).put(utf16).put(bytes).array());
    }

    /** The principal as its column holds it, or {@code null}. */
    static String principalColumn(String principal) {
        if (principal == null || isPlain(principal, principal.length() <= MAX_PLAIN_PRINCIPAL_CHARS)) {
            return principal;
        }
        return key(principal);
    }

    /** The bytes of the {@link #PRINCIPAL_ROW} for a principal too long for its column, or {@code null}. */
    static byte[] principalRow(String principal) {
        return principal == null || principalColumn(principal).equals(principal) ? null : utf16(principal);
    }

    /**
     * The principal that a principal column and a {@link #PRINCIPAL_ROW} (or {@code null}) hold.
     *
     * @param column the column's value, or {@code null}
     * @param row the principal row's bytes, or {@code null}
     * @return the principal, or {@code null}
     */
    static String principal(String column, byte[] row) {
        if (row != null && isKey(column)) {
            String principal = fromUtf16(row, 0, row.length);
            if (key(principal).equals(column)) {
                return principal;
            }
        }
        return column;
    }

    /**
     * The attribute a row holds.
     *
     * @param column the row's name column
     * @param stored the row's bytes
     * @return the attribute's name and value
     */
    static Attribute attribute(String column, byte[] stored) {
        if (isKey(column) && stored.length >= LENGTH_BYTES) {
            int length = ByteBuffer.wrap(stored).getInt();
            if (length >= 0 && length <= stored.length - LENGTH_BYTES) {
                String name = fromUtf16(stored, LENGTH_BYTES, length);
                if (key(name).equals(column)) {
                    return new Attribute(name, Arrays.copyOfRange(stored, LENGTH_BYTES + length, stored.length));
                }
            }
        }
        return new Attribute(column, stored);
    }

    /** An attribute, or the row that holds it: a name (or the name column) and bytes. */
    record Attribute(String name, byte[] bytes) {
    }

    private static boolean isPlain(String text, boolean fits) {
        return fits && (text.isEmpty() || text.charAt(0) != MARK) && hasOnlyStorableCharacters(text);
    }

    /** No NUL, and no lone surrogate (which UTF-8 columns can't hold either). */
    private static boolean hasOnlyStorableCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (c == '\0' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKey(String column) {
        return column != null && column.length() == 1 + HASH_HEX_DIGITS && column.charAt(0) == MARK;
    }

    private static String key(String text) {
        try {
            return MARK + HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(utf16(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The chars, two bytes each, big-endian: UTF-16BE with lone surrogates kept (a charset would replace them). */
    private static byte[] utf16(String text) {
        ByteBuffer bytes = ByteBuffer.allocate(text.length() * Character.BYTES);
        bytes.asCharBuffer().put(text);
        return bytes.array();
    }

    private static String fromUtf16(byte[] bytes, int offset, int length) {
        return ByteBuffer.wrap(bytes, offset, length).slice().asCharBuffer().toString();
    }
}
