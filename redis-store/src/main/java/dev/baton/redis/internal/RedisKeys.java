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
    /** {@link #sessionPrefixes} in UTF-8, to which {@link #session} appends an ID's bytes. */
    private final byte[][] sessionPrefixBytes;
    private final byte[][] indexes;
    private final byte[][] counters;

    /**
     * @param prefix the {@code keyPrefix} setting
     * @param shards how many index shards: 1, or 256 on Cluster
     */
    public RedisKeys(String prefix, int shards) {
        this.shards = shards;
        this.sessionPrefixes = new String[shards];
        this.sessionPrefixBytes = new byte[shards][];
        this.indexes = new byte[shards][];
        this.counters = new byte[shards][];
        for (int shard = 0; shard < shards; shard++) {
            sessionPrefixes[shard] = prefix + "s:{" + shard + "}:";
            sessionPrefixBytes[shard] = bytes(sessionPrefixes[shard]);
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
     * The session hash's key: its shard's prefix and the ID, in UTF-8. Built in one array, without an intermediate
     * string, for an ID of ASCII characters (any well-formed one); it is on every load and save.
     *
     * @param id the session ID
     * @return the key, a new array
     */
    public byte[] session(String id) {
        byte[] prefix = sessionPrefixBytes[shardOf(id)];
        int length = id.length();
        byte[] key = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c >= 0x80) {
                return bytes(sessionPrefix(shardOf(id)) + id);
            }
            key[prefix.length + i] = (byte) c;
        }
        return key;
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
     * @return the key: the same array on every call, made once, which callers pass to Redis and never change
     */
    public byte[] index(int shard) {
        return indexes[shard];
    }

    /**
     * The counters hash of a shard (fields {@code created} and {@code expired}), in the slot of the shard's sessions
     * and expiry index, so that the scripts that create and claim sessions count them in the same call.
     *
     * @param shard the shard
     * @return the key: the same array on every call, made once, which callers pass to Redis and never change
     */
    public byte[] counters(int shard) {
        return counters[shard];
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
        if (value == Long.MIN_VALUE) {
            return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }
        // Written straight into the array, without a string: a save sends five or six of these.
        long rest = Math.abs(value);
        int digits = 1;
        for (long left = rest / 10; left > 0; left /= 10) {
            digits++;
        }
        int sign = value < 0 ? 1 : 0;
        byte[] text = new byte[sign + digits];
        if (sign == 1) {
            text[0] = '-';
        }
        for (int i = text.length - 1; i >= sign; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return text;
    }
}
