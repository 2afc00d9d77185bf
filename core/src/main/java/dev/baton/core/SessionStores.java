/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds and opens the store for a configuration's {@code store} URI. */
public final class SessionStores {

    private SessionStores() {
    }

    /**
     * Opens the store named by {@code context}'s URI, with the provider found for its scheme on the class path of
     * {@code loader} (the web app's), else on Baton's own: a filter or manager loaded by another class loader than
     * the web app's (a shared library, {@code $CATALINA_BASE/lib}, an embedded container) finds the stores that sit
     * beside it.
     *
     * @param context the configuration and clock
     * @param loader where to look for providers first
     * @return the open store, owned by the caller
     * @throws IllegalArgumentException when no provider handles the scheme, naming the schemes that are available
     *     and the artifact that adds the missing one
     */
    public static SessionStore open(StoreContext context, ClassLoader loader) {
        requireNonNull(context, "context");
        requireNonNull(loader, "loader");
        String scheme = context.scheme();
        TreeSet<String> available = new TreeSet<>();
        for (ClassLoader candidate : new LinkedHashSet<>(Arrays.asList(loader, SessionStores.class.getClassLoader()))) {
            for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class, candidate)) {
                if (provider.schemes().contains(scheme)) {
                    return provider.open(context);
                }
                available.addAll(provider.schemes());
            }
        }
        throw new IllegalArgumentException("store=" + context.maskedUri() + ": no store for scheme '"
                + scheme + "' on the class path (available: " + String.join(", ", available) + "); "
                + hint(scheme));
    }

    private static String hint(String scheme) {
        return switch (scheme) {
            case "redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster" -> "add dev.baton:baton-redis-store";
            case "jdbc" -> "add dev.baton:baton-jdbc-store and the database's JDBC driver";
            default -> "the schemes Baton ships are memory, redis, rediss, redis-sentinel, "
                    + "rediss-sentinel, redis-cluster, rediss-cluster and jdbc";
        };
    }
}
