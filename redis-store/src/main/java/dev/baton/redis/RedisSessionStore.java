/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.LogIds;
import static dev.baton.redis.internal.RedisKeys.bytes;
import static dev.baton.redis.internal.RedisKeys.number;
import static dev.baton.redis.internal.SaveArguments.GRACE;

import dev.baton.core.InvalidationFeed;
import dev.baton.core.LockedLoad;
import dev.baton.core.SaveOutcome;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionTotals;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.redis.internal.RedisConnector;
import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.internal.RedisUris;
import dev.baton.redis.internal.SaveArguments;
import dev.baton.redis.internal.Scripts;
import dev.baton.redis.internal.SessionHash;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis store, on one shared Lettuce connection: standalone, Sentinel or Cluster, with or without TLS.
 *
 * <p>Storage: one hash per session, {@code <keyPrefix>s:{<shard>}:<id>}, with metadata fields {@code m:created},
 * {@code m:lastAccess}, {@code m:maxInactive}, {@code m:expiresAt} (milliseconds; -1 never), {@code m:version},
 * {@code m:principal}, bookkeeping fields of the save script, and one field {@code a:<name>} per attribute holding
 * the encoded bytes. The key outlives the session by five to ten minutes, so that the reaper can still claim it with
 * its attributes. Expiry indexes are sorted sets {@code <keyPrefix>x:{<shard>}} scored by expiry; the index of
 * sessions by principal is one sorted set per principal, {@code <keyPrefix>p:{<sha256>}} (see PrincipalIndex); the
 * totals of sessions created and expired are hashes {@code <keyPrefix>n:{<shard>}}, counted by the scripts that create
 * and claim sessions. See {@code docs/redis-store.md}.
 *
 * <p>Round trips: {@link #load} is one {@code HGETALL}; {@link #save}, {@link #delete}, {@link #claimExpired} and
 * (standalone, Sentinel) {@link #changeId} are one {@code EVALSHA} each (plus {@code WAIT} with {@code replicaAcks});
 * {@code changeId} on
 * Cluster is three: read the old key, write the new one, then retire the old one behind a tombstone. A write is sent
 * at most once: one caught by a dropped connection fails as unavailable instead of being re-sent after the reconnect,
 * where it could undo later writes. {@code storeTimeout} bounds each call as a whole, whatever number of commands it
 * sends.
 */
public final class RedisSessionStore implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

    private static final Duration TOMBSTONE = Duration.ofSeconds(60);
    /** How often a Cluster change of ID reads the session again when a concurrent write changed it meanwhile. */
    private static final int MOVE_ATTEMPTS = 3;
    private static final Scripts.Script SAVE = Scripts.load("save");
    private static final Scripts.Script DELETE = Scripts.load("delete");
    private static final Scripts.Script RENAME = Scripts.load("rename");
    private static final Scripts.Script COPY = Scripts.load("copy");
    private static final Scripts.Script RETIRE = Scripts.load("retire");
    private static final Scripts.Script REAP = Scripts.load("reap");
    private static final Scripts.Script LOCK = Scripts.load("lock");
    private static final Scripts.Script RENEW = Scripts.load("renew");
    private static final Scripts.Script UNLOCK = Scripts.load("unlock");
    private static final Scripts.Script CLAIM = Scripts.load("claim");
    private static final byte[] EMPTY = new byte[0];
    private static final Base64.Encoder COPY_ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final RedisConnector connector;
    private final RedisKeys keys;
    private final String keyPrefix;
    private final PrincipalIndex principals;
    private final Clock clock;
    private final String maskedUri;
    private final int replicaAcks;
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisSessionStore(StoreContext context) {
        this.maskedUri = context.maskedUri();
        this.clock = context.clock();
        this.replicaAcks = context.config().replicaAcks();
        this.timeout = context.config().storeTimeout();
        if (replicaAcks > 0 && RedisUris.isCluster(context.scheme())) {
            // Lettuce sends the keyless WAIT to a default node, not to the primary that took the write: it would
            // promise a durability that it doesn't check.
            throw new IllegalArgumentException("replicaAcks=" + replicaAcks + " is not supported with redis-cluster "
                    + "(WAIT can't be sent to the primary that took each write); use replicaAcks=0 on Cluster");
        }
        StoreCall connect = new StoreCall(null, maskedUri, timeout, "connect", null);
        try {
            this.connector = RedisConnector.connect(context);
        } catch (RedisException e) {
            throw connect.failure(e);
        }
        this.keyPrefix = context.config().keyPrefix();
        this.keys = new RedisKeys(keyPrefix, connector.isCluster() ? 256 : 1);
        this.principals = new PrincipalIndex(context.config().keyPrefix(), keys);
        StoreCall preload = call("scriptLoad", null);
        for (Scripts.Script script : List.of(SAVE, DELETE, RENAME, COPY, RETIRE, REAP, LOCK, RENEW, UNLOCK,
                CLAIM)) {
            try {
                preload.run(r -> r.scriptLoad(script.body()));
            } catch (SessionStoreException e) {
                // EVALSHA falls back to EVAL on NOSCRIPT; loading ahead only saves that first round trip.
            }
        }
    }

    @Override
    public Optional<StoredSession> load(String id) {
        StoreCall call = call("load", id);
        SessionHash hash = call.run(r -> r.dispatch(CommandType.HGETALL, new SessionHash(),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(keys.session(id))));
        return live(call, id, hash);
    }

    @Override
    public LockedLoad loadLocked(String id, String owner, Instant now, Duration lease) {
        StoreCall call = call("loadLocked", id);
        List<Object> result = call.eval(LOCK, ScriptOutputType.MULTI, new byte[][] {keys.session(id)}, bytes(owner),
                number(now.toEpochMilli()), number(now.plus(lease).toEpochMilli()));
        long status = (Long) result.get(0);
        if (status == Scripts.LOCK_ABSENT) {
            return new LockedLoad.Absent();
        }
        if (status == Scripts.LOCK_BUSY) {
            String heldUntil = new String((byte[]) result.get(1), StandardCharsets.US_ASCII);
            return new LockedLoad.Busy(Instant.ofEpochMilli(Long.parseLong(heldUntil)));
        }
        return new LockedLoad.Acquired(parse(call, id, SessionHash.of((List<?>) result.get(2))), (Long) result.get(1));
    }

    @Override
    public boolean renewLock(String id, long fence, Instant now, Duration lease) {
        Long renewed = call("renewLock", id).eval(RENEW, ScriptOutputType.INTEGER, new byte[][] {keys.session(id)},
                number(fence), number(now.plus(lease).toEpochMilli()));
        return renewed == Scripts.DONE;
    }

    @Override
    public void unlock(String id, long fence) {
        call("unlock", id).eval(UNLOCK, ScriptOutputType.INTEGER, new byte[][] {keys.session(id)}, number(fence));
    }

    @Override
    public SaveOutcome apply(SessionChange change) {
        StoreCall call = call("save", change.id());
        long result = call.eval(SAVE, ScriptOutputType.INTEGER,
                new byte[][] {keys.session(change.id()), keys.indexOf(change.id()), keys.countersOf(change.id())},
                SaveArguments.of(change));
        if (result < Scripts.SAVE_SAVED_FROM) {
            return SaveOutcome.refused(result == Scripts.SAVE_FENCED ? SaveResult.FENCED
                    : result == Scripts.SAVE_STALE ? SaveResult.STALE : SaveResult.GONE);
        }
        call.awaitReplicas(replicaAcks);
        return SaveOutcome.saved(result);
    }

    @Override
    public boolean delete(String id) {
        StoreCall call = call("delete", id);
        Long result = call.eval(DELETE, ScriptOutputType.INTEGER, new byte[][] {keys.session(id), keys.indexOf(id)},
                bytes(id));
        call.awaitReplicas(replicaAcks);
        return result == Scripts.DONE;
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        StoreCall call = call("changeId", oldId);
        if (connector.isCluster()) {
            return move(call, oldId, newId);
        }
        Long moved = call.eval(RENAME, ScriptOutputType.INTEGER, new byte[][] {
            keys.session(oldId), keys.indexOf(oldId), keys.session(newId), keys.indexOf(newId)},
                number(clock.instant().toEpochMilli()), bytes(oldId), bytes(newId));
        call.awaitReplicas(replicaAcks);
        return moved == Scripts.DONE;
    }

    /**
     * Changes an ID on Cluster, where the two keys may sit in different slots: reads the old key, writes the new key,
     * and only then replaces the old key with a tombstone, provided no write changed it in between (else it starts
     * again from the fresh state). A failure between the steps loses nothing: the old ID still works, and the copy,
     * whose ID nobody knows, expires with the session's TTL.
     */
    private boolean move(StoreCall call, String oldId, String newId) {
        byte[] previousCopy = EMPTY;
        for (int attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
            Map<byte[], byte[]> fields = call.run(r -> r.hgetall(keys.session(oldId)));
            Optional<StoredSession> session = live(call, oldId, SessionHash.of(fields));
            if (session.isEmpty()) {
                // Invalidated or expired meanwhile: a copy written by an earlier attempt must not outlive it.
                if (previousCopy.length > 0) {
                    call.eval(DELETE, ScriptOutputType.INTEGER, new byte[][] {keys.session(newId),
                        keys.indexOf(newId)}, bytes(newId));
                }
                return false;
            }
            Instant expiresAt = session.get().expiresAt();
            List<byte[]> args = new ArrayList<>();
            args.add(bytes(newId));
            args.add(number(expiresAt == null ? -1 : expiresAt.plus(GRACE).toEpochMilli()));
            byte[] copy = copyId();
            args.add(copy);
            args.add(previousCopy);
            fields.forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
            Long copied = call.eval(COPY, ScriptOutputType.INTEGER,
                    new byte[][] {keys.session(newId), keys.indexOf(newId)}, args.toArray(byte[][]::new));
            if (copied != Scripts.DONE) {
                throw call.fail("the new session ID is already in use; the old ID still works");
            }
            previousCopy = copy;
            Long retired = call.eval(RETIRE, ScriptOutputType.INTEGER,
                    new byte[][] {keys.session(oldId), keys.indexOf(oldId)}, number(session.get().version()),
                    bytes(oldId), bytes(newId), number(TOMBSTONE.toMillis()));
            if (retired == Scripts.DONE) {
                call.awaitReplicas(replicaAcks);
                return true;
            }
        }
        throw call.fail("concurrent writes changed the session during each of " + MOVE_ATTEMPTS
                + " attempts to change its ID; the old ID still works");
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, not " + limit);
        }
        StoreCall call = call("reapExpired", null);
        List<StoredSession> claimed = new ArrayList<>();
        int first = ThreadLocalRandom.current().nextInt(keys.shards());
        for (int i = 0; i < keys.shards() && claimed.size() < limit && !call.expired(); i++) {
            int shard = (first + i) % keys.shards();
            try {
                reapShard(call, shard, now, limit - claimed.size(), claimed);
            } catch (SessionStoreException e) {
                if (claimed.isEmpty()) {
                    throw e;
                }
                // The claimed sessions are gone from Redis: throwing would cost them their sessionDestroyed.
                LOG.warn("Reaping stopped after {} sessions: {}", claimed.size(), e.getMessage());
                break;
            }
        }
        return claimed;
    }

    private void reapShard(StoreCall call, int shard, Instant now, int want, List<StoredSession> claimed) {
        byte[] index = keys.index(shard);
        Long due = call.run(r -> r.zcount(index, Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli())));
        if (due == 0L) {
            return;
        }
        List<Object> result = call.eval(REAP, ScriptOutputType.MULTI, new byte[][] {index, keys.counters(shard)},
                number(now.toEpochMilli()), number(want), bytes(keys.sessionPrefix(shard)));
        for (int j = 0; j + 1 < result.size(); j += 2) {
            String id = new String((byte[]) result.get(j), StandardCharsets.UTF_8);
            SessionHash hash = SessionHash.of((List<?>) result.get(j + 1));
            if (hash.isTombstone()) {
                continue;
            }
            try {
                claimed.add(parse(call, id, hash));
            } catch (SessionStoreException e) {
                // Already removed from Redis; one damaged session must not cost the others their events.
                LOG.warn("Expired session {} was removed without sessionDestroyed: {}", LogIds.hash(id),
                        e.getMessage());
            }
        }
    }

    /** See {@link ShardFigures#count}. */
    @Override
    public java.util.OptionalLong countSessions(Instant now) {
        return java.util.OptionalLong.of(ShardFigures.count(call("countSessions", null), keys));
    }

    /** See {@link ShardFigures#totals}. */
    @Override
    public Optional<SessionTotals> totals() {
        return Optional.of(ShardFigures.totals(call("totals", null), keys));
    }

    @Override
    public void indexPrincipal(String id, String principal, Instant expiresAt) {
        principals.add(call("indexPrincipal", id), id, principal, expiresAt, clock.instant());
    }

    @Override
    public List<String> findByPrincipal(String principal, Instant now) {
        return principals.find(call("findByPrincipal", null), principal, now);
    }

    @Override
    public Optional<StoredSession> claimExpired(String id, Instant now) {
        StoreCall call = call("claimExpired", id);
        List<Object> fields = call.eval(CLAIM, ScriptOutputType.MULTI, new byte[][] {keys.session(id), keys.indexOf(id),
                keys.countersOf(id)},
                number(now.toEpochMilli()), bytes(id));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        call.awaitReplicas(replicaAcks);
        return Optional.of(parse(call, id, SessionHash.of(fields)));
    }

    @Override
    public Optional<InvalidationFeed> openInvalidationFeed() {
        return Optional.of(new RedisInvalidationFeed(connector, keyPrefix, maskedUri));
    }

    @Override
    public void ping() {
        call("ping", null).run(RedisClusterAsyncCommands::ping);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connector.close();
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + maskedUri + "]";
    }

    // ---- helpers

    private StoreCall call(String operation, String id) {
        return new StoreCall(connector, maskedUri, timeout, operation, id);
    }

    /** The session in a hash just read, unless there is none, it is a tombstone, or it has expired. */
    private Optional<StoredSession> live(StoreCall call, String id, SessionHash hash) {
        if (hash.isEmpty() || hash.isTombstone()) {
            return Optional.empty();
        }
        StoredSession session = parse(call, id, hash);
        return session.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(session);
    }

    /**
     * The session a hash holds.
     *
     * @throws SessionStoreException when its metadata is damaged
     */
    private static StoredSession parse(StoreCall call, String id, SessionHash hash) {
        StoredSession session = hash.session(id);
        if (session == null) {
            throw call.damaged(null);
        }
        return session;
    }

    /**
     * A random ID of one copy written by a Cluster change of ID ({@code m:copy}), by which a later attempt of the same
     * change knows the copy it may replace: 48 bits in 8 URL-safe Base64 characters.
     */
    private static byte[] copyId() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return COPY_ID_ENCODER.encode(random);
    }
}
