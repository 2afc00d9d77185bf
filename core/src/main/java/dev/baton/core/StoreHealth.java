/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The store's readiness, as every health check reports it (the servlet-level check, the Spring Boot Actuator
 * contributors): one {@link SessionStore#ping()}, which the store bounds by {@code storeTimeout}, so a check answers
 * within {@code storeTimeout} whether the store is up or not. Thread-safe.
 *
 * <p>Use it for <em>readiness</em> (should a balancer send this node requests?), never for liveness (should this
 * node be restarted?): every node shares the store, and a store outage failing liveness restarts all of them at once
 * while restarting none helps. See {@code docs/operations.md}.
 */
public final class StoreHealth {

    /**
     * The outcome of one check.
     *
     * @param up whether the store answered a ping within {@code storeTimeout}
     * @param details in this order: {@code store} (the URI's scheme: {@code redis}, {@code jdbc:postgresql}, …),
     *     {@code uri} (masked), then {@code latencyMs} (a number) when up, or {@code reason} (the failure's message,
     *     which names no session and no secret) when down
     */
    public record Result(boolean up, Map<String, Object> details) {

        /**
         * @param up whether the store answered
         * @param details the details, copied in order
         */
        public Result {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        /**
         * The result as one line of JSON: {@code {"status":"UP","store":"redis","uri":"redis://127.0.0.1:6379",
         * "latencyMs":1}}, or {@code "status":"DOWN"} with {@code "reason"}.
         *
         * @return the JSON object
         */
        public String toJson() {
            StringBuilder json = new StringBuilder(128).append("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
            details.forEach((name, value) -> {
                json.append(",\"").append(name).append("\":");
                if (value instanceof Number) {
                    json.append(value);
                } else {
                    quote(json, String.valueOf(value));
                }
            });
            return json.append('}').toString();
        }

        private static void quote(StringBuilder json, String text) {
            json.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        }
    }

    private final SessionStore store;
    private final String kind;
    private final String maskedUri;

    /**
     * @param store the store, borrowed
     * @param config the configuration, for the store URI (its scheme and masked form); a configuration without one
     *     reports the store's class name
     */
    public StoreHealth(SessionStore store, BatonConfig config) {
        this.store = requireNonNull(store, "store");
        requireNonNull(config, "config");
        this.kind = kindOf(config);
        this.maskedUri = config.hasStore() ? StoreUris.mask(config.store()) : "(given)";
    }

    /**
     * The store's kind as health checks and metrics name it: the store URI's scheme ({@code redis},
     * {@code redis-cluster}, {@code memory}), or for a JDBC URL its sub-protocol ({@code postgresql}, {@code mariadb},
     * {@code h2}); {@code unknown} when the configuration has no store URI.
     */
    static String kindOf(BatonConfig config) {
        if (!config.hasStore()) {
            return "unknown";
        }
        String scheme = StoreUris.scheme(config.store());
        if (!"jdbc".equals(scheme)) {
            return scheme;
        }
        String rest = config.store().substring(5);
        int colon = rest.indexOf(':');
        return (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@return the store's kind: {@code redis}, {@code redis-sentinel}, {@code redis-cluster}, {@code postgresql}, …}
     */
    public String storeKind() {
        return kind;
    }

    /**
     * Pings the store once. Returns within {@code storeTimeout} (plus scheduling), however the store fails.
     *
     * @return up with the ping's latency, or down with the reason
     */
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", kind);
        details.put("uri", maskedUri);
        long start = System.nanoTime();
        try {
            store.ping();
        } catch (RuntimeException e) {
            details.put("reason", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return new Result(false, details);
        }
        details.put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return new Result(true, details);
    }
}
