/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

/** What serves the sessions in one benchmark run. */
enum Variant {
    /** Tomcat's in-memory {@code StandardManager}: no replication. The reference. */
    BASELINE("baseline (StandardManager)", "JSESSIONID", false),
    /** In-memory sessions plus the ideal store traffic: the physical limit of a store-per-request design. */
    FLOOR("floor (ideal Redis traffic)", "JSESSIONID", true),
    /** The floor that also encodes the changed attribute once with Kryo per write: serialization in the floor. */
    FLOOR_KRYO("floor + Kryo encode", "JSESSIONID", true),
    /** Baton's filter on the local Redis. */
    FILTER_REDIS("Baton filter + Redis", "SESSION", true),
    /** Baton's filter on the local Redis with a 64 MB near cache (docs/near-cache.md); clients send the token. */
    FILTER_REDIS_NEAR("Baton filter + Redis + near cache", "SESSION", true, true),
    /**
     * The near cache with {@code saveMode=on-set-attribute}: no end-of-request check of the values read for changes in
     * place, which is Spring Session's default; what that check costs is the difference from {@link #FILTER_REDIS_NEAR}.
     */
    FILTER_REDIS_NEAR_ON_SET("Baton filter + Redis + near cache, saveMode=on-set-attribute", "SESSION", true, true),
    /**
     * Baton's Tomcat manager on the local Redis, with its defaults (the near cache on); clients send the token, as a
     * browser does. Before 2026-12-07 night they did not, so every read loaded from Redis.
     */
    MANAGER_REDIS("Baton manager + Redis", "JSESSIONID", true, true),
    /** Baton's filter on the local PostgreSQL. */
    FILTER_POSTGRES("Baton filter + PostgreSQL", "SESSION", false),
    /** Baton's filter on the in-process memory store. */
    FILTER_MEMORY("Baton filter + memory", "SESSION", false),
    /** Baton's filter on the local Redis with {@code lockMode=session}: only in the lock runs. */
    FILTER_REDIS_LOCKED("Baton filter + Redis, lockMode=session", "SESSION", true);

    final String label;
    final String cookieName;
    final boolean usesRedis;
    /** Whether the node has a near cache, so that clients send the version token. */
    final boolean nearCache;

    Variant(String label, String cookieName, boolean usesRedis) {
        this(label, cookieName, usesRedis, false);
    }

    Variant(String label, String cookieName, boolean usesRedis, boolean nearCache) {
        this.label = label;
        this.cookieName = cookieName;
        this.usesRedis = usesRedis;
        this.nearCache = nearCache;
    }
}
