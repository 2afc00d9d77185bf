/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static dev.baton.redis.internal.RedisKeys.bytes;

import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.internal.SessionHash;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The index of sessions by principal: one sorted set per principal, {@code <keyPrefix>p:{<sha256 of the name>}},
 * whose members are session IDs scored by the session's expiry (ms; +inf for never) as it was when indexed. The set
 * and a session's hash sit in different Cluster slots, so they are never written together: the set is a list of
 * candidates, and every reader checks each candidate's hash (its principal and expiry) before trusting it.
 *
 * <p>It cleans itself without a scan: a reader drops every member whose session is gone, expired, moved or now
 * another user's; and each write (a login) first checks the members whose indexed expiry has passed, dropping the
 * dead ones and re-scoring those that were touched since. A set left with no member is deleted by Redis.
 */
final class PrincipalIndex {

    private static final byte[] M_EXPIRES_AT = bytes("m:expiresAt");
    private static final byte[] M_MOVED_TO = bytes("m:movedTo");

    private final String prefix;
    private final RedisKeys keys;

    PrincipalIndex(String prefix, RedisKeys keys) {
        this.prefix = prefix;
        this.keys = keys;
    }

    /** Adds a session to its principal's set, after checking the members that may have expired. */
    void add(StoreCall call, String id, String principal, Instant expiresAt, Instant now) {
        byte[] key = key(principal);
        List<ScoredValue<byte[]>> due = call.run(r -> r.zrangebyscoreWithScores(key,
                Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli())));
        for (ScoredValue<byte[]> member : due) {
            check(call, key, new String(member.getValue(), StandardCharsets.UTF_8), principal, now);
        }
        double score = expiresAt == null ? Double.POSITIVE_INFINITY : expiresAt.toEpochMilli();
        call.run(r -> r.zadd(key, score, bytes(id)));
    }

    /** The live sessions of a principal, each checked against its hash; dead members are dropped. */
    List<String> find(StoreCall call, String principal, Instant now) {
        byte[] key = key(principal);
        List<byte[]> members = call.run(r -> r.zrange(key, 0, -1));
        List<String> live = new ArrayList<>();
        for (byte[] member : members) {
            String id = new String(member, StandardCharsets.UTF_8);
            if (check(call, key, id, principal, now)) {
                live.add(id);
            }
        }
        return live;
    }

    /**
     * Whether the member's session is live and still the principal's; drops it from the set when not, and re-scores
     * it with its current expiry when it is.
     */
    private boolean check(StoreCall call, byte[] key, String id, String principal, Instant now) {
        List<KeyValue<byte[], byte[]>> fields = call.run(r -> r.hmget(keys.session(id), SessionHash.M_PRINCIPAL,
                M_EXPIRES_AT, M_MOVED_TO));
        byte[] owner = fields.get(0).getValueOrElse(null);
        byte[] expires = fields.get(1).getValueOrElse(null);
        boolean moved = fields.get(2).hasValue();
        long expiresAt = expires == null ? 0 : Long.parseLong(new String(expires, StandardCharsets.US_ASCII));
        boolean live = owner != null && expires != null && !moved
                && principal.equals(new String(owner, StandardCharsets.UTF_8))
                && (expiresAt < 0 || expiresAt > now.toEpochMilli());
        byte[] member = bytes(id);
        if (!live) {
            call.run(r -> r.zrem(key, member));
        } else {
            double score = expiresAt < 0 ? Double.POSITIVE_INFINITY : expiresAt;
            call.run(r -> r.zadd(key, score, member));
        }
        return live;
    }

    private byte[] key(String principal) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(principal.getBytes(StandardCharsets.UTF_8));
            return bytes(prefix + "p:{" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "}");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
