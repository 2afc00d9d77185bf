package dev.baton.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.StoreContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The store's health, apart from any Actuator version: a ping, which the store bounds by {@code storeTimeout}. Both
 * Actuator adapters (Boot 3.5's and Boot 4's health API) report what this returns.
 */
final class StoreHealth {

    /**
     * The outcome of one check.
     *
     * @param up whether the store answered in time
     * @param details store kind, masked URI, and the latency in ms (up) or the reason (down)
     */
    record Result(boolean up, Map<String, Object> details) {
    }

    private final SessionStore store;
    private final String kind;
    private final String maskedUri;

    /**
     * @param store the store, borrowed
     * @param config the configuration, for the URI
     */
    StoreHealth(SessionStore store, BatonConfig config) {
        this.store = requireNonNull(store, "store");
        StoreContext context = new StoreContext(config, Clock.systemUTC());
        this.kind = context.scheme();
        this.maskedUri = context.maskedUri();
    }

    /**
     * Pings the store.
     *
     * @return up with the latency, or down with the reason
     */
    Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", kind);
        details.put("uri", maskedUri);
        long start = System.nanoTime();
        try {
            store.ping();
        } catch (RuntimeException e) {
            details.put("error", e.getMessage());
            return new Result(false, details);
        }
        details.put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return new Result(true, details);
    }
}
