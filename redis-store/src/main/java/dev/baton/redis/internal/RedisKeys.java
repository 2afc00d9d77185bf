/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import java.nio.charset.StandardCharsets;

/**
 * The key layout. A session is one hash {@code <prefix>s:{<shard>}:<id>}; its shard's expiry index is the sorted set
 * {@code <prefix>x:{<shard>}}. The hash tag is the shard, not the ID, so that on Redis Cluster a session and its
 * index entry live in one slot and one script updates both atomically. Standalone and Sentinel use one shard;
 * Cluster uses 256, spreading sessions over 256 slots (and so over every primary) while the reaper has 256 indexes
 * to look at. Not API.
 */
public final class RedisKeys {

    private final int shards;
    private final String[] sessionPrefixes;
    private final byte[][] indexes;
    private final byte[][] counters;

    /**
     * @param prefix the {@code keyPrefix} setting
     * @param shards how many index shards: 1, or 256 on Cluster
     */
    public RedisKeys(String prefix, int shards) {
        this.shards = shards;
        this.sessionPrefixes = new String[shards];
        this.indexes = new byte[shards][];
        this.counters = new byte[shards][];
        for (int shard = 0; shard < shards; shard++) {
            sessionPrefixes[shard] = prefix + "s:{" + shard + "}:";
            indexes[shard] = bytes(prefix + "x:{" + shard + "}");
            counters[shard] = bytes(prefix + "n:{" + shard + "}");
        }
    }

    /** How many index shards there are. */
    public int shards() {
        return shards;
    }

    /** The shard of a session ID: stable across JVMs ({@link String#hashCode()} is specified). */
    public int shardOf(String id) {
        return Math.floorMod(id.hashCode(), shards);
    }

    /**
     * The session hash's key.
     *
     * @param id the session ID
     * @return the key
     */
    public byte[] session(String id) {
        return bytes(sessionPrefix(shardOf(id)) + id);
    }

    /**
     * The prefix of the session keys of a shard, to which the reap script appends IDs.
     *
     * @param shard the shard
     */
    public String sessionPrefix(int shard) {
        return sessionPrefixes[shard];
    }

    /**
     * The expiry index of the shard of a session.
     *
     * @param id the session ID
     * @return the key
     */
    public byte[] indexOf(String id) {
        return index(shardOf(id));
    }

    /**
     * The expiry index of a shard.
     *
     * @param shard the shard
     * @return the key
     */
    public byte[] index(int shard) {
        return indexes[shard].clone();
    }

    /**
     * The counters hash of a shard (fields {@code created} and {@code expired}), in the slot of the shard's sessions
     * and expiry index, so that the scripts that create and claim sessions count them in the same call.
     *
     * @param shard the shard
     * @return the key
     */
    public byte[] counters(int shard) {
        return counters[shard].clone();
    }

    /**
     * The counters hash of the shard of a session.
     *
     * @param id the session ID
     * @return the key
     */
    public byte[] countersOf(String id) {
        return counters(shardOf(id));
    }

    /**
     * UTF-8 bytes.
     *
     * @param text the text
     * @return its bytes
     */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A number in decimal ASCII, as Redis and Lua read it.
     *
     * @param value the number
     * @return its digits
     */
    public static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
