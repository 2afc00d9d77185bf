/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * An attribute value can't be stored: its class, or a class inside it, is outside the allow-list, or the codec can't
 * encode it (not {@link java.io.Serializable} for the {@code java} codec; neither {@code Serializable} nor a
 * no-argument constructor for {@code kryo}).
 * The message names the attribute and the class, never the value.
 */
public class AttributeEncodingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The attribute's name. */
    private final String attributeName;
    /** The class at fault. */
    private final String className;

    /**
     * @param attributeName the attribute
     * @param className the class at fault
     * @param reason why it can't be encoded
     * @param cause the codec's failure, or {@code null}
     */
    public AttributeEncodingException(String attributeName, String className, String reason, Throwable cause) {
        super("setAttribute: attribute '" + attributeName + "' can't be stored: " + reason + " (class " + className
                + ")", cause);
        this.attributeName = attributeName;
        this.className = className;
    }

    /** {@return the attribute's name} */
    public String attributeName() {
        return attributeName;
    }

    /** {@return the class at fault} */
    public String className() {
        return className;
    }
}
