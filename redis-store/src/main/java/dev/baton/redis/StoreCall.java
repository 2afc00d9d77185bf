/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.LogIds;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.redis.internal.RedisConnector;
import dev.baton.redis.internal.Scripts;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One call of the store (a load, a save, a change of ID...) and the one deadline, {@code storeTimeout} after its
 * start, that bounds all the commands it sends: each command waits only for the time the call has left. Failures
 * come out as {@link SessionStoreException}s that name the operation, the masked URI, the elapsed time and the hashed
 * session ID.
 */
final class StoreCall {

    private final RedisConnector connector;
    private final long disconnectionsAtStart;
    private final String maskedUri;
    private final Duration timeout;
    private final String operation;
    private final String id;
    private final long start = System.nanoTime();
    private final long deadline;

    /**
     * Starts a call now.
     *
     * @param connector the shared connection, or {@code null} while connecting
     * @param maskedUri the store URI with its password masked
     * @param timeout {@code storeTimeout}
     * @param operation the store operation, e.g. {@code save}
     * @param id the session ID, or {@code null} when the call concerns no one session
     */
    StoreCall(RedisConnector connector, String maskedUri, Duration timeout, String operation, String id) {
        this.connector = connector;
        this.disconnectionsAtStart = connector == null ? 0 : connector.disconnections();
        this.maskedUri = maskedUri;
        this.timeout = timeout;
        this.operation = operation;
        this.id = id;
        this.deadline = start + timeout.toNanos();
    }

    /** Whether the call has used up its {@code storeTimeout}. */
    boolean expired() {
        return deadline - System.nanoTime() <= 0;
    }

    /**
     * Sends one command and waits for its reply, at most for the time the call has left.
     *
     * @param command sends the command
     * @param <T> the reply's type
     * @return the reply
     * @throws SessionStoreException when the command fails or the call runs out of time
     */
    <T> T run(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        RedisFuture<T> reply = null;
        try {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw outOfTime(null);
            }
            reply = command.apply(connector.commands(deadline));
            T result = reply.get(left, TimeUnit.NANOSECONDS);
            connector.replied();
            return result;
        } catch (TimeoutException e) {
            reply.cancel(false);
            connector.timedOut();
            throw outOfTime(e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.cancel(false);
            throw new SessionStoreUnavailableException(operation, maskedUri, elapsedMillis(), hash(),
                    "the thread was interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            throw e instanceof SessionStoreException done ? done : failure(e);
        }
    }

    /**
     * Runs a script by its SHA-1 ({@code EVALSHA}); when Redis lost its script cache ({@code NOSCRIPT}), sends it
     * once more as {@code EVAL}, which caches it again. Both within the call's deadline.
     *
     * @param script the script
     * @param type its reply's type
     * @param keys its keys
     * @param args its arguments
     * @param <T> the reply's type
     * @return the reply
     */
    @SuppressWarnings("unchecked")
    <T> T eval(Scripts.Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        try {
            return (T) run(r -> r.evalsha(script.sha(), type, keys, args));
        } catch (SessionStoreException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            return (T) run(r -> r.eval(script.body(), type, keys, args));
        }
    }

    /**
     * Waits until {@code replicas} replicas hold the writes sent so far ({@code WAIT}). The server gets three quarters
     * of the time the call has left, so that its answer (how many replicas confirmed) arrives before the client gives
     * up on it.
     *
     * @param replicas how many replicas must confirm; 0 returns at once
     * @throws SessionStoreUnavailableException when fewer confirm in time, or the connection dropped since the call
     *     began
     */
    void awaitReplicas(int replicas) {
        if (replicas == 0) {
            return;
        }
        long serverMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) * 3 / 4;
        if (serverMillis < 1) {
            // WAIT with 0 ms would block forever.
            throw outOfTime(null);
        }
        Long acknowledged = run(r -> r.waitForReplication(replicas, serverMillis));
        if (connector.disconnections() != disconnectionsAtStart) {
            // The connection dropped since this call began: the WAIT may have been re-sent to another server (a
            // new primary after a failover), whose replicas say nothing about the write sent to the old one.
            throw new SessionStoreUnavailableException(operation, maskedUri, elapsedMillis(), hash(), "the "
                    + "connection to Redis dropped during the write, so whether replicaAcks=" + replicas
                    + " replicas hold it is unknown", null);
        }
        if (acknowledged < replicas) {
            throw new SessionStoreUnavailableException(operation, maskedUri, elapsedMillis(), hash(), "only "
                    + acknowledged + " of replicaAcks=" + replicas + " replicas acknowledged the write within "
                    + "storeTimeout", null);
        }
    }

    /**
     * Translates a Lettuce failure: unreachable or slow Redis is {@link SessionStoreUnavailableException}, anything
     * else a {@link SessionStoreException} that says what Redis answered.
     *
     * @param e the failure
     * @return the exception to throw
     */
    SessionStoreException failure(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.equals(RedisConnector.IN_FLIGHT_DROPPED)) {
            return new SessionStoreUnavailableException(operation, maskedUri, elapsedMillis(), hash(), "the "
                    + "connection to Redis dropped with the command in flight; it is not sent again, so whether a "
                    + "write was applied is unknown", e);
        }
        if (e instanceof RedisCommandTimeoutException || e instanceof RedisConnectionException
                || message.contains("not connected") || message.contains("Connection closed")
                || message.contains("LOADING") || message.contains("READONLY") || message.contains("MASTERDOWN")
                || message.contains("CLUSTERDOWN") || message.startsWith(RedisConnector.QUEUE_FULL)
                || e instanceof IllegalStateException) {
            return new SessionStoreUnavailableException(operation, maskedUri, elapsedMillis(), hash(),
                    "Redis is unreachable or slower than storeTimeout=" + timeout.toMillis() + "ms: " + message, e);
        }
        if (message.contains("BATON_DAMAGED")) {
            return damaged(e);
        }
        if (message.contains("WRONGTYPE")) {
            return new SessionStoreException(operation, maskedUri, elapsedMillis(), hash(),
                    "a key of the wrong type holds this session's name; is keyPrefix shared with another "
                            + "application?", e);
        }
        return new SessionStoreException(operation, maskedUri, elapsedMillis(), hash(), "Redis answered: " + message,
                e);
    }

    /**
     * A session whose metadata fields are missing or not numbers.
     *
     * @param cause the underlying failure, or {@code null}
     * @return the exception to throw
     */
    SessionStoreException damaged(Throwable cause) {
        return new SessionStoreException(operation, maskedUri, elapsedMillis(), hash(),
                "the session's metadata is damaged (a field is missing or not a number)", cause);
    }

    /**
     * A failure that is neither Redis's nor the network's.
     *
     * @param detail what went wrong
     * @return the exception to throw
     */
    SessionStoreException fail(String detail) {
        return new SessionStoreException(operation, maskedUri, elapsedMillis(), hash(), detail, null);
    }

    private SessionStoreUnavailableException outOfTime(Throwable cause) {
        return new SessionStoreUnavailableException(operation, maskedUri, elapsedMillis(), hash(),
                "Redis is unreachable or slower than storeTimeout=" + timeout.toMillis() + "ms", cause);
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private String hash() {
        return id == null ? null : LogIds.hash(id);
    }
}
