package dev.baton.redis;

import static dev.baton.redis.internal.RedisKeys.bytes;

import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.internal.LogIds;
import dev.baton.core.internal.StoreUris;
import dev.baton.redis.internal.RedisConnector;
import dev.baton.redis.internal.RedisKeys;
import dev.baton.redis.internal.Scripts;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis store, on one shared Lettuce connection: standalone, Sentinel or Cluster, with or without TLS.
 *
 * <p>Storage: one hash per session, {@code <keyPrefix>s:{<shard>}:<id>}, with metadata fields {@code m:created},
 * {@code m:lastAccess}, {@code m:maxInactive}, {@code m:expiresAt} (milliseconds; -1 never), {@code m:version},
 * {@code m:principal}, and one field {@code a:<name>} per attribute holding the encoded bytes. The key expires five
 * minutes after the session, so that the reaper can still claim it with its attributes. Expiry indexes are sorted
 * sets {@code <keyPrefix>x:{<shard>}} scored by expiry. See {@code docs/redis-store.md}.
 *
 * <p>Round trips: {@link #load} is one {@code HGETALL}; {@link #save}, {@link #delete} and (standalone, Sentinel)
 * {@link #changeId} are one {@code EVALSHA} each (plus {@code WAIT} with {@code replicaAcks}); {@code changeId} on
 * Cluster is two, one per slot, behind a tombstone. Writes carry a random write ID that the hash remembers for its
 * last few writes, so that a command Lettuce replays after a reconnect, once already applied, changes nothing.
 */
public final class RedisSessionStore implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

    /** How long a session's key outlives its expiry, for the reaper. */
    static final Duration GRACE = Duration.ofMinutes(5);
    private static final Duration TOMBSTONE = Duration.ofSeconds(60);
    private static final Scripts.Script SAVE = Scripts.load("save");
    private static final Scripts.Script DELETE = Scripts.load("delete");
    private static final Scripts.Script RENAME = Scripts.load("rename");
    private static final Scripts.Script TAKEOUT = Scripts.load("takeout");
    private static final Scripts.Script PUTBACK = Scripts.load("putback");
    private static final Scripts.Script REAP = Scripts.load("reap");
    private static final byte[] EMPTY = new byte[0];

    private final RedisConnector connector;
    private final RedisClusterCommands<byte[], byte[]> redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final String maskedUri;
    private final int replicaAcks;
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisSessionStore(StoreContext context) {
        this.maskedUri = StoreUris.mask(context.uri());
        this.clock = context.clock();
        this.replicaAcks = context.config().replicaAcks();
        this.timeout = context.config().storeTimeout();
        if (replicaAcks > 0 && StoreUris.scheme(context.uri()).equals("redis-cluster")) {
            // Lettuce sends the keyless WAIT to a default node, not to the primary that took the write: it would
            // promise a durability that it doesn't check.
            throw new IllegalArgumentException("replicaAcks=" + replicaAcks + " is not supported with redis-cluster "
                    + "(WAIT can't be sent to the primary that took each write); use replicaAcks=0 on Cluster");
        }
        long start = System.nanoTime();
        try {
            this.connector = RedisConnector.connect(context.config());
        } catch (RedisException e) {
            throw failure("connect", start, null, e);
        }
        this.redis = connector.commands();
        this.keys = new RedisKeys(context.config().keyPrefix(), connector.isCluster() ? 256 : 1);
        for (Scripts.Script script : List.of(SAVE, DELETE, RENAME, TAKEOUT, PUTBACK, REAP)) {
            try {
                redis.scriptLoad(script.body());
            } catch (RedisException e) {
                // EVALSHA falls back to EVAL on NOSCRIPT; loading ahead only saves that first round trip.
            }
        }
    }

    @Override
    public Optional<StoredSession> load(String id) {
        Map<byte[], byte[]> fields = call("load", id, () -> redis.hgetall(keys.session(id)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        StoredSession session = parse(id, fields);
        if (session == null || session.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    @Override
    public SaveResult save(SessionChange change) {
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(change.kind() == SessionChange.Kind.CREATE ? "C" : "U"));
        args.add(number(change.at().toEpochMilli()));
        args.add(number(change.created().toEpochMilli()));
        args.add(number(change.lastAccessed().toEpochMilli()));
        args.add(number(change.maxInactive().toMillis()));
        args.add(number(change.expiresAt() == null ? -1 : change.expiresAt().toEpochMilli()));
        args.add(change.principal() == null ? EMPTY : bytes("+" + change.principal()));
        args.add(number(change.expiresAt() == null ? -1 : change.expiresAt().plus(GRACE).toEpochMilli()));
        args.add(bytes(change.id()));
        args.add(bytes(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())));
        args.add(number(change.setAttributes().size()));
        change.setAttributes().forEach((name, value) -> {
            args.add(bytes(name));
            args.add(value);
        });
        args.add(number(change.removedAttributes().size()));
        change.removedAttributes().forEach(name -> args.add(bytes(name)));
        Long result = call("save", change.id(), () -> eval(SAVE, ScriptOutputType.INTEGER,
                new byte[][] {keys.session(change.id()), keys.indexOf(change.id())}, args.toArray(byte[][]::new)));
        if (result == 0L) {
            return SaveResult.GONE;
        }
        awaitReplicas("save", change.id());
        return SaveResult.SAVED;
    }

    @Override
    public boolean delete(String id) {
        Long result = call("delete", id, () -> eval(DELETE, ScriptOutputType.INTEGER,
                new byte[][] {keys.session(id), keys.indexOf(id)}, bytes(id)));
        awaitReplicas("delete", id);
        return result == 1L;
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        byte[] now = number(clock.instant().toEpochMilli());
        if (!connector.isCluster()) {
            Long moved = call("changeId", oldId, () -> eval(RENAME, ScriptOutputType.INTEGER, new byte[][] {
                keys.session(oldId), keys.indexOf(oldId), keys.session(newId), keys.indexOf(newId)},
                    now, bytes(oldId), bytes(newId)));
            awaitReplicas("changeId", newId);
            return moved == 1L;
        }
        List<Object> fields = call("changeId", oldId, () -> eval(TAKEOUT, ScriptOutputType.MULTI,
                new byte[][] {keys.session(oldId), keys.indexOf(oldId)}, now, bytes(oldId), bytes(newId),
                number(TOMBSTONE.toMillis())));
        if (fields == null || fields.isEmpty()) {
            return false;
        }
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(newId));
        long expiresAt = -1;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            byte[] field = (byte[]) fields.get(i);
            byte[] value = (byte[]) fields.get(i + 1);
            if (new String(field, StandardCharsets.UTF_8).equals("m:expiresAt")) {
                expiresAt = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
            }
        }
        args.add(number(expiresAt < 0 ? -1 : expiresAt + GRACE.toMillis()));
        for (Object field : fields) {
            args.add((byte[]) field);
        }
        call("changeId", newId, () -> eval(PUTBACK, ScriptOutputType.INTEGER,
                new byte[][] {keys.session(newId), keys.indexOf(newId)}, args.toArray(byte[][]::new)));
        awaitReplicas("changeId", newId);
        return true;
    }

    @Override
    public List<StoredSession> reapExpired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, not " + limit);
        }
        List<StoredSession> claimed = new ArrayList<>();
        int first = ThreadLocalRandom.current().nextInt(keys.shards());
        for (int i = 0; i < keys.shards() && claimed.size() < limit; i++) {
            int shard = (first + i) % keys.shards();
            byte[] index = keys.index(shard);
            Long due = call("reapExpired", null, () -> redis.zcount(index,
                    io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli())));
            if (due == 0L) {
                continue;
            }
            int want = limit - claimed.size();
            List<Object> result = call("reapExpired", null, () -> eval(REAP, ScriptOutputType.MULTI,
                    new byte[][] {index}, number(now.toEpochMilli()), number(want),
                    bytes(keys.sessionPrefix(shard))));
            for (int j = 0; j + 1 < result.size(); j += 2) {
                String id = new String((byte[]) result.get(j), StandardCharsets.UTF_8);
                @SuppressWarnings("unchecked")
                List<Object> flat = (List<Object>) result.get(j + 1);
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                for (int k = 0; k + 1 < flat.size(); k += 2) {
                    fields.put((byte[]) flat.get(k), (byte[]) flat.get(k + 1));
                }
                try {
                    StoredSession session = parse(id, fields);
                    if (session != null) {
                        claimed.add(session);
                    }
                } catch (SessionStoreException e) {
                    // Already removed from Redis; one damaged session must not cost the others their events.
                    LOG.warn("Expired session #{} was removed without sessionDestroyed: {}", LogIds.hash(id),
                            e.getMessage());
                }
            }
        }
        return claimed;
    }

    @Override
    public void ping() {
        call("ping", null, redis::ping);
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

    @SuppressWarnings("unchecked")
    private <T> T eval(Scripts.Script script, ScriptOutputType type, byte[][] keyArgs, byte[]... args) {
        try {
            return (T) redis.evalsha(script.sha(), type, keyArgs, args);
        } catch (RedisNoScriptException e) {
            return (T) redis.eval(script.body(), type, keyArgs, args);
        }
    }

    private void awaitReplicas(String operation, String id) {
        if (replicaAcks == 0) {
            return;
        }
        Long acknowledged = call(operation, id, () -> redis.waitForReplication(replicaAcks, timeout.toMillis()));
        if (acknowledged < replicaAcks) {
            throw new SessionStoreUnavailableException(operation, maskedUri, timeout.toMillis(), LogIds.hash(id),
                    "only " + acknowledged + " of replicaAcks=" + replicaAcks + " replicas acknowledged the write "
                            + "within storeTimeout", null);
        }
    }

    private <T> T call(String operation, String id, Supplier<T> command) {
        long start = System.nanoTime();
        try {
            return command.get();
        } catch (RedisException | IllegalStateException e) {
            throw failure(operation, start, id, e);
        }
    }

    private SessionStoreException failure(String operation, long startNanos, String id, RuntimeException e) {
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        String hash = id == null ? null : LogIds.hash(id);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof RedisCommandTimeoutException || e instanceof RedisConnectionException
                || message.contains("not connected") || message.contains("Connection closed")
                || message.contains("LOADING") || message.contains("READONLY") || message.contains("MASTERDOWN")
                || message.contains("CLUSTERDOWN") || e instanceof IllegalStateException) {
            return new SessionStoreUnavailableException(operation, maskedUri, elapsed, hash,
                    "Redis is unreachable or slower than storeTimeout=" + timeout.toMillis() + "ms: " + message, e);
        }
        if (message.contains("BATON_DAMAGED")) {
            return new SessionStoreException(operation, maskedUri, elapsed, hash,
                    "the session's metadata is damaged (a field is missing or not a number)", e);
        }
        if (message.contains("WRONGTYPE")) {
            return new SessionStoreException(operation, maskedUri, elapsed, hash,
                    "a key of the wrong type holds this session's name; is keyPrefix shared with another "
                            + "application?", e);
        }
        return new SessionStoreException(operation, maskedUri, elapsed, hash, "Redis answered: " + message, e);
    }

    /** Reads a session hash; {@code null} when it is a tombstone or its metadata is damaged. */
    private StoredSession parse(String id, Map<byte[], byte[]> fields) {
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
            String name = new String(field.getKey(), StandardCharsets.UTF_8);
            if (name.startsWith("a:")) {
                attributes.put(name.substring(2), field.getValue());
            } else if (name.startsWith("m:")) {
                meta.put(name, new String(field.getValue(), StandardCharsets.UTF_8));
            }
        }
        if (meta.containsKey("m:movedTo")) {
            return null;
        }
        try {
            long expires = Long.parseLong(meta.get("m:expiresAt"));
            return new StoredSession(id, Instant.ofEpochMilli(Long.parseLong(meta.get("m:created"))),
                    Instant.ofEpochMilli(Long.parseLong(meta.get("m:lastAccess"))),
                    Duration.ofMillis(Long.parseLong(meta.get("m:maxInactive"))),
                    expires < 0 ? null : Instant.ofEpochMilli(expires), Long.parseLong(meta.get("m:version")),
                    meta.get("m:principal"), attributes);
        } catch (NumberFormatException | NullPointerException e) {
            throw new SessionStoreException("load", maskedUri, 0, LogIds.hash(id),
                    "the session's metadata is damaged (a field is missing or not a number)", null);
        }
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
