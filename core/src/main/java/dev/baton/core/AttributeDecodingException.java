/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * Stored bytes of an attribute can't be turned back into a value. The request logic drops such an attribute with a
 * warning rather than failing the request. The message names the attribute, the class (when known) and the reason;
 * never the bytes, never the session ID.
 */
public class AttributeDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the bytes can't be decoded. */
    public enum Reason {
        /** The bytes name a class outside the allow-list; it was not loaded. */
        CLASS_NOT_ALLOWED,
        /** The class is allowed but not on this node's class path (gone after a deploy). */
        CLASS_NOT_FOUND,
        /** The bytes are not a valid encoding. */
        CORRUPT,
        /** Encryption is on and the value failed authentication: tampered with, moved, or not encrypted. */
        AUTHENTICATION_FAILED,
        /** The value was encrypted with a key that is not configured. */
        UNKNOWN_KEY,
        /** The envelope's format version or codec is unknown to this version of Baton. */
        UNSUPPORTED_FORMAT
    }

    /** Why the value could not be decoded. */
    private final Reason reason;
    /** The attribute's name. */
    private final String attributeName;
    /** The class concerned, or {@code null}. */
    private final String className;

    /**
     * @param attributeName the attribute
     * @param className the class concerned, or {@code null}
     * @param reason why
     * @param detail what happened, without bytes or IDs
     * @param cause the underlying failure, or {@code null}
     */
    public AttributeDecodingException(String attributeName, String className, Reason reason, String detail,
            Throwable cause) {
        super("attribute '" + attributeName + "'" + (className != null ? " (class " + className + ")" : "")
                + " can't be decoded: " + reason + ": " + detail, cause);
        this.reason = reason;
        this.attributeName = attributeName;
        this.className = className;
    }

    /** {@return why the value could not be decoded} */
    public Reason reason() {
        return reason;
    }

    /** {@return the attribute's name} */
    public String attributeName() {
        return attributeName;
    }

    /** {@return the class concerned, or {@code null}} */
    public String className() {
        return className;
    }
}
