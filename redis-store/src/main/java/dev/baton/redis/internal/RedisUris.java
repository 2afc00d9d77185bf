/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import dev.baton.core.StoreUris;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a store URI into Lettuce's {@link RedisURI}s. A malformed URI fails with an {@link IllegalArgumentException}
 * that shows it masked and carries no cause: Lettuce's and {@code java.net.URI}'s messages quote the whole URI,
 * password included. Not API.
 */
public final class RedisUris {

    private static final String EXPECTED = "expected redis://[user:password@]host[:port][/db], "
            + "redis-sentinel://host1:26379,host2:26379/db?sentinelMasterId=mymaster, or "
            + "redis-cluster://host1:7000,host2:7001 (over TLS: rediss://, rediss-sentinel://, rediss-cluster://)";

    private RedisUris() {
    }

    /**
     * Whether a store URI's scheme names Redis Cluster.
     *
     * @param scheme the scheme, lower-cased
     * @return true for {@code redis-cluster} and {@code rediss-cluster}
     */
    public static boolean isCluster(String scheme) {
        return scheme.equals("redis-cluster") || scheme.equals("rediss-cluster");
    }

    /**
     * Reads a {@code redis}, {@code rediss}, {@code redis-sentinel} or {@code rediss-sentinel} URI.
     *
     * @param uri the store URI
     * @return the URI as Lettuce takes it
     * @throws IllegalArgumentException when it is malformed, showing it masked
     */
    public static RedisURI parse(String uri) {
        return parse(uri, uri);
    }

    /**
     * Reads a {@code redis-cluster} URI into one Lettuce URI per seed node, each with the URI's user info (up to the
     * last {@code '@'}); a {@code rediss-cluster} URI into {@code rediss} seeds, whose TLS settings Lettuce gives to
     * every node it discovers.
     *
     * @param uri the store URI, starting {@code redis-cluster://} or {@code rediss-cluster://}
     * @return the seed nodes, at least one
     * @throws IllegalArgumentException when it is malformed or names no node, showing it masked
     */
    public static List<RedisURI> clusterSeeds(String uri) {
        String seedScheme = uri.regionMatches(true, 0, "rediss-", 0, 7) ? "rediss://" : "redis://";
        String rest = uri.substring(uri.indexOf("://") + 3);
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        int end = rest.indexOf('/');
        String hosts = end < 0 ? rest : rest.substring(0, end);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!host.isBlank()) {
                seeds.add(parse(seedScheme + userInfo + host.trim(), uri));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("store=" + StoreUris.mask(uri)
                    + ": a redis-cluster URI names at least one node, e.g. redis-cluster://host1:7000,host2:7001");
        }
        return seeds;
    }

    private static RedisURI parse(String uri, String asConfigured) {
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            // Neither the message nor the cause: both quote the URI with its password.
            throw new IllegalArgumentException("store=" + StoreUris.mask(asConfigured) + ": not a Redis URI ("
                    + e.getClass().getSimpleName() + "); " + EXPECTED);
        }
    }
}
