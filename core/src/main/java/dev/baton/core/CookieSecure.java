/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/** When the session cookie carries {@code Secure} ({@code cookieSecure}). */
public enum CookieSecure {
    /**
     * The default: when the request is secure, or carries {@code X-Forwarded-Proto: https} and
     * {@code trustForwardedHeaders} is on.
     */
    AUTO,
    /** Always; the cookie then never travels over plain HTTP. */
    ALWAYS,
    /** Never; only for local development over plain HTTP. */
    NEVER
}
