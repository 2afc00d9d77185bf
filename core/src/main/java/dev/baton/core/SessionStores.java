package dev.baton.core;

import static java.util.Objects.requireNonNull;

import dev.baton.core.internal.StoreUris;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds and opens the store for a configuration's {@code store} URI. */
public final class SessionStores {

    private SessionStores() {
    }

    /**
     * Opens the store named by {@code context}'s URI, with the provider found for its scheme on the class path of
     * {@code loader}.
     *
     * @param context the configuration and clock
     * @param loader where to look for providers
     * @return the open store, owned by the caller
     * @throws IllegalArgumentException when no provider handles the scheme, naming the schemes that are available
     *     and the artifact that adds the missing one
     */
    public static SessionStore open(StoreContext context, ClassLoader loader) {
        requireNonNull(context, "context");
        requireNonNull(loader, "loader");
        String scheme = StoreUris.scheme(context.uri());
        TreeSet<String> available = new TreeSet<>();
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class, loader)) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(context);
            }
            available.addAll(provider.schemes());
        }
        throw new IllegalArgumentException("store=" + StoreUris.mask(context.uri()) + ": no store for scheme '"
                + scheme + "' on the class path (available: " + String.join(", ", available) + "); "
                + hint(scheme));
    }

    private static String hint(String scheme) {
        return switch (scheme) {
            case "redis", "rediss", "redis-sentinel", "redis-cluster" -> "add dev.baton:baton-redis-store";
            case "jdbc" -> "add dev.baton:baton-jdbc-store and the database's JDBC driver";
            default -> "the schemes Baton ships are memory, redis, rediss, redis-sentinel, redis-cluster and jdbc";
        };
    }
}
