/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.Set;

/**
 * Opens stores for some URI schemes. Implementations are listed in
 * {@code META-INF/services/dev.baton.core.SessionStoreProvider} and found through {@link java.util.ServiceLoader}, so
 * that the classpath decides which stores exist.
 */
public interface SessionStoreProvider {

    /**
     * The URI schemes this provider opens, lower case: the text before the first {@code ':'}, so {@code jdbc} for
     * every JDBC URL.
     *
     * @return the schemes, such as {@code redis} and {@code rediss}
     */
    Set<String> schemes();

    /**
     * Opens a store. The caller owns it and closes it.
     *
     * @param context the configuration and clock
     * @return the open store
     * @throws IllegalArgumentException when the URI is malformed for this store, naming the part at fault
     * @throws SessionStoreException when the store can't be opened
     */
    SessionStore open(StoreContext context);
}
