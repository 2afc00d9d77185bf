/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * What a {@link SessionStoreProvider} is given to open a store.
 *
 * @param config the whole configuration; {@link BatonConfig#store()} is the URI to open, and the store reads its own
 *     keys ({@code storeTimeout}, {@code keyPrefix}, {@code tableName}, …) from it
 * @param clock the clock every expiry decision uses; tests pass a fake one
 */
public record StoreContext(BatonConfig config, Clock clock) {

    /**
     * Checks the arguments.
     *
     * @param config the whole configuration
     * @param clock the clock every expiry decision uses
     */
    public StoreContext {
        requireNonNull(config, "config");
        requireNonNull(clock, "clock");
    }

    /** {@return the store URI} */
    public String uri() {
        return config.store();
    }

    /**
     * The store URI's scheme: the text before its first {@code ':'}, lower-cased ({@code redis-cluster}; {@code jdbc}
     * for every JDBC URL).
     *
     * @return the scheme, or {@code ""} when there is none
     */
    public String scheme() {
        return StoreUris.scheme(uri());
    }

    /**
     * The store URI with every password and key masked ({@code redis://user:****@host}): the only form of the URI a
     * store may put in a log line or an exception message.
     *
     * @return the masked URI
     */
    public String maskedUri() {
        return StoreUris.mask(uri());
    }
}
