/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/** The {@code SameSite} attribute of the session cookie ({@code cookieSameSite}). */
public enum SameSite {
    /** Sent only with same-site requests. */
    STRICT("Strict"),
    /** The default: sent with same-site requests and top-level navigations from other sites. */
    LAX("Lax"),
    /** Sent with every request; browsers require {@code Secure} with it. */
    NONE("None");

    private final String attributeValue;

    SameSite(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    /** {@return the value as written in a {@code Set-Cookie} header} */
    public String attributeValue() {
        return attributeValue;
    }
}
