/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import dev.baton.core.OwnedThreads;
import dev.baton.core.StoreContext;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.IOUringProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.ThreadFactoryProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the one shared Lettuce connection of a store from its URI, with options fit for a request path: commands are
 * rejected at once while disconnected (no unbounded queue), and so are the commands in flight when the connection
 * drops: they fail instead of being sent again after the reconnect ({@link #IN_FLIGHT_DROPPED}). The queue is bounded,
 * every command times out after {@code storeTimeout}, and Cluster topology is refreshed periodically and on redirects.
 *
 * <p>A connection whose peer vanished without a word (a primary replaced by a failover behind a virtual IP, a host
 * powered off: a half-open TCP connection) would otherwise be taken for alive until the operating system gives up
 * on it, about 15 minutes. Three things find it in seconds: TCP keep-alive probes after {@link #KEEP_ALIVE_IDLE} of
 * silence; a TCP user timeout of {@link #TCP_USER_TIMEOUT} on data that goes unacknowledged, where the transport
 * allows it (Netty's epoll or io_uring transport on the class path; NIO can't set it); and, on any transport,
 * {@link #STALE_AFTER} calls in a row that ran out of time with no reply between them, after which the channel is
 * closed so that Lettuce reconnects (through Sentinel, to the current primary). Not API.
 */
public final class RedisConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

    /**
     * What Lettuce's {@code DisconnectedBehavior.REJECT_COMMANDS} fails the commands in flight with when the
     * connection drops (since Lettuce 6.7, also with auto-reconnect on; before, it re-sent them after the reconnect,
     * possibly to another server). A write re-sent after other nodes' writes landed would undo them: a late copy of
     * an older delta, a create wiping later deltas. Failing it leaves its outcome unknown, as a timeout does.
     */
    public static final String IN_FLIGHT_DROPPED = "Connection disconnected";
    /**
     * How Lettuce refuses a command while {@link #REQUEST_QUEUE} commands wait already: Redis is too slow for the
     * load, which is an outage for the request (503), not a bug.
     */
    public static final String QUEUE_FULL = "Request queue size exceeded";
    private static final int REQUEST_QUEUE = 10_000;
    /** Silence after which TCP keep-alive probes start; then one every {@link #KEEP_ALIVE_INTERVAL}, 3 at most. */
    static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(10);
    private static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(2);
    private static final int KEEP_ALIVE_PROBES = 3;
    /** How long sent data may stay unacknowledged before the kernel drops the connection (epoll, io_uring only). */
    static final Duration TCP_USER_TIMEOUT = Duration.ofSeconds(10);
    /** Calls in a row that time out with no reply between them before the connection is taken for dead. */
    public static final int STALE_AFTER = 2;
    /** The bound of each step of {@link #close()}: connection, client, then Netty threads. */
    private static final long CLOSE_SECONDS = 2;

    private final ClientResources resources;
    private final OwnedThreads threads;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    /** How to open the shared connection (standalone and Sentinel: with this URI). */
    private final Supplier<CompletableFuture<Connected>> opener;
    private final Supplier<CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>> pubSubOpener;
    /** The shared connection once open; {@code null} until the first call that reaches Redis. */
    private volatile Connected connected;
    /** The attempt to open it under way, or the last one. */
    private CompletableFuture<Connected> opening;

    private final AtomicLong disconnections;
    private final AtomicInteger timeoutsInARow = new AtomicInteger();
    private final AtomicLong lastForcedReconnect = new AtomicLong(System.nanoTime());
    private final long reconnectSpacingNanos;

    /** The shared connection and its commands. */
    private record Connected(StatefulConnection<byte[], byte[]> connection,
            RedisClusterAsyncCommands<byte[], byte[]> commands) {
    }

    private RedisConnector(ClientResources resources, OwnedThreads threads, RedisClient client,
            RedisClusterClient clusterClient, Supplier<CompletableFuture<Connected>> opener,
            Supplier<CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>> pubSubOpener,
            AtomicLong disconnections, Duration timeout) {
        this.pubSubOpener = pubSubOpener;
        this.disconnections = disconnections;
        this.reconnectSpacingNanos = timeout.toNanos();
        this.resources = resources;
        this.threads = threads;
        this.client = client;
        this.clusterClient = clusterClient;
        this.opener = opener;
    }

    /**
     * Prepares the client, without connecting yet: the shared connection is opened by the first call that needs it
     * ({@link #commands(long)}), so that a store that is down when the web app starts does not stop it from starting.
     *
     * @param context the store's context; its URI is a {@code redis}, {@code redis-sentinel} or {@code redis-cluster}
     *     URI, or its TLS form ({@code rediss}, {@code rediss-sentinel}, {@code rediss-cluster})
     * @return the connector
     * @throws IllegalArgumentException for a malformed URI
     */
    public static RedisConnector connect(StoreContext context) {
        String uri = context.uri();
        Duration timeout = context.config().storeTimeout();
        // Lettuce's own thread factories (its names, Netty's thread type), kept so that close() can wait for them.
        OwnedThreads threads = new OwnedThreads();
        // Lettuce's own command latency metrics are off: Baton times its store calls itself (SessionMetrics), and
        // Lettuce's collector looks for LatencyUtils on the thread's class loader, then loads it from its own: a web
        // app carrying Micrometer (and so LatencyUtils) beside the Tomcat drop-in jar failed to start.
        ThreadFactoryProvider factories = pool -> threads.keeping(new DefaultThreadFactory(pool, true));
        ClientResources.Builder builder = DefaultClientResources.builder()
                .commandLatencyRecorder(CommandLatencyRecorder.disabled()).threadFactoryProvider(factories);
        if (!RedisUris.isCluster(context.scheme())) {
            // One I/O thread: standalone and Sentinel have one shared connection, which runs on one event loop
            // whatever the pool's size, and the near cache's pub/sub connection on that same loop reads a save's
            // message in the wake-up that reads the save's reply (Redis sends both in one pass) instead of waking a
            // thread of its own for every save (docs/benchmarks.md, "Write and mutate with the defaults: profiled").
            // A provider of one's own, since Lettuce raises an ioThreadPoolSize under 2 to 2; shutdown() ends it.
            builder.eventLoopGroupProvider(new DefaultEventLoopGroupProvider(1, factories));
        }
        ClientResources resources = builder.build();
        RedisClient client = null;
        RedisClusterClient cluster = null;
        AtomicLong disconnections = new AtomicLong();
        RedisConnectionStateListener counter = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                disconnections.incrementAndGet();
            }
        };
        try {
            SocketOptions socket = socketOptions(timeout);
            // Every store call waits for its replies at most for what is left of its own storeTimeout deadline
            // (StoreCall), so Lettuce's per-command timers would only add a timer task per command.
            TimeoutOptions timeouts = TimeoutOptions.create();
            if (RedisUris.isCluster(context.scheme())) {
                List<RedisURI> seeds = RedisUris.clusterSeeds(uri);
                seeds.forEach(seed -> seed.setTimeout(timeout));
                cluster = RedisClusterClient.create(resources, seeds);
                cluster.addListener(counter);
                cluster.setOptions(ClusterClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .requestQueueSize(REQUEST_QUEUE).socketOptions(socket).timeoutOptions(timeouts)
                        .autoReconnect(true)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(Duration.ofSeconds(30)).enableAllAdaptiveRefreshTriggers()
                                .build())
                        .build());
                RedisClusterClient clusterClient = cluster;
                return new RedisConnector(resources, threads, null, cluster,
                        // connectAsync needs the slot map already (the blocking connect loads it itself).
                        () -> clusterClient.refreshPartitionsAsync().toCompletableFuture()
                                .thenCompose(loaded -> clusterClient.connectAsync(ByteArrayCodec.INSTANCE))
                                .thenApply(connection -> {
                                    connection.setTimeout(timeout);
                                    return new Connected(connection, connection.async());
                                }),
                        () -> clusterClient.refreshPartitionsAsync().toCompletableFuture()
                                .thenCompose(loaded -> clusterClient.connectPubSubAsync(ByteArrayCodec.INSTANCE))
                                .thenApply(connection -> connection), disconnections, timeout);
            }
            RedisURI redisUri = RedisUris.parse(uri);
            redisUri.setTimeout(timeout);
            client = RedisClient.create(resources, redisUri);
            client.addListener(counter);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(REQUEST_QUEUE).socketOptions(socket).timeoutOptions(timeouts)
                    .autoReconnect(true).build());
            RedisClient standalone = client;
            return new RedisConnector(resources, threads, client, null,
                    () -> standalone.connectAsync(ByteArrayCodec.INSTANCE, redisUri).toCompletableFuture()
                            .thenApply(connection -> {
                                connection.setTimeout(timeout);
                                return new Connected(connection, connection.async());
                            }),
                    () -> standalone.connectPubSubAsync(ByteArrayCodec.INSTANCE, redisUri).toCompletableFuture(),
                    disconnections, timeout);
        } catch (RuntimeException e) {
            shutdown(client, cluster, resources, threads);
            throw e;
        }
    }

    private static SocketOptions socketOptions(Duration connectTimeout) {
        SocketOptions.Builder socket = SocketOptions.builder().connectTimeout(connectTimeout)
                .keepAlive(SocketOptions.KeepAliveOptions.builder().enable().idle(KEEP_ALIVE_IDLE)
                        .interval(KEEP_ALIVE_INTERVAL).count(KEEP_ALIVE_PROBES).build());
        if (EpollProvider.isAvailable() || IOUringProvider.isAvailable()) {
            socket.tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder().enable()
                    .tcpUserTimeout(TCP_USER_TIMEOUT).build());
        }
        return socket.build();
    }

    /** A call got its reply: the connection is alive. Cheap enough for every call. */
    public void replied() {
        if (timeoutsInARow.get() != 0) {
            timeoutsInARow.set(0);
        }
    }

    /**
     * A call ran out of time waiting for a reply. After {@link #STALE_AFTER} such calls in a row, and at most once a
     * {@code storeTimeout}, the connection is taken for dead and its channel closed: Lettuce reconnects, and the
     * commands still waiting on the dead channel fail at once instead of at their deadlines. On a Redis that is only
     * slow, some replies arrive between timeouts and nothing is closed.
     */
    public void timedOut() {
        if (timeoutsInARow.incrementAndGet() < STALE_AFTER) {
            return;
        }
        long last = lastForcedReconnect.get();
        long now = System.nanoTime();
        if (now - last < reconnectSpacingNanos || !lastForcedReconnect.compareAndSet(last, now)) {
            return;
        }
        timeoutsInARow.set(0);
        Connected open = connected;
        if (open != null && open.connection() instanceof RedisChannelHandler<?, ?> handler
                && handler.getChannelWriter() instanceof DefaultEndpoint endpoint) {
            LOG.warn("Redis gave no reply to {} calls in a row: closing the connection to reconnect (a half-open "
                    + "connection, such as one to a primary that a failover replaced, looks like this)", STALE_AFTER);
            endpoint.disconnect();
        }
    }

    /**
     * Opens a publish/subscribe connection of its own, beside the shared one (for the near cache's feed). Once open,
     * Lettuce reconnects it and subscribes it again by itself; the caller closes it.
     *
     * @return the connection, when open
     */
    public CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        return pubSubOpener.get();
    }

    /**
     * Tells {@code listener} when any connection of this client opens or drops.
     *
     * @param listener the listener; it tells the connections apart by the handler it is given
     */
    public void addListener(RedisConnectionStateListener listener) {
        if (clusterClient != null) {
            clusterClient.addListener(listener);
        } else {
            client.addListener(listener);
        }
    }

    /**
     * Runs {@code task} once after {@code delay}, on the client's own event threads.
     *
     * @param task the task; quick, not blocking
     * @param delay the delay
     */
    public void schedule(Runnable task, Duration delay) {
        resources.eventExecutorGroup().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} every {@code period}, on the client's own event threads, until the returned future is
     * cancelled or this connector is closed. A run that throws ends the runs (Netty's rule): the task catches.
     *
     * @param task the task; quick, not blocking
     * @param period the time between the starts of two runs; the first run is one period from now
     * @return the handle that cancels the runs
     */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        long millis = period.toMillis();
        return resources.eventExecutorGroup().scheduleAtFixedRate(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Whether this is a Cluster connection. */
    public boolean isCluster() {
        return clusterClient != null;
    }

    /**
     * How many times a connection of this client has dropped so far. A {@code WAIT} sent after a drop may reach
     * another server (a Sentinel failover), and count replicas of a server that never ran the write it was meant to
     * confirm.
     */
    public long disconnections() {
        return disconnections.get();
    }

    /**
     * The asynchronous commands of the shared connection, opening it first if no call has reached Redis yet: one
     * attempt at a time, which calls made meanwhile share; a call waits for it until its own deadline, and a call
     * after a failed attempt starts another. Once open, Lettuce reconnects it by itself. Callers bound each wait for
     * a reply.
     *
     * @param deadline the call's deadline, in {@link System#nanoTime()}
     * @return the commands
     * @throws RedisConnectionException when the connection can't be opened by the deadline
     */
    public RedisClusterAsyncCommands<byte[], byte[]> commands(long deadline) {
        Connected open = connected;
        if (open != null) {
            return open.commands();
        }
        CompletableFuture<Connected> attempt;
        synchronized (this) {
            if (opening == null || opening.isCompletedExceptionally()) {
                opening = opener.get().thenApply(fresh -> {
                    connected = fresh;
                    return fresh;
                });
            }
            attempt = opening;
        }
        try {
            return attempt.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).commands();
        } catch (TimeoutException e) {
            throw new RedisConnectionException("no connection to Redis within storeTimeout", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new RedisConnectionException("can't connect to Redis", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("interrupted while connecting to Redis", e);
        }
    }

    /**
     * Closes the connection, shuts the client down and waits until its Netty threads have ended, each step bounded
     * by {@value #CLOSE_SECONDS} seconds.
     */
    @Override
    public void close() {
        try {
            Connected open = connected;
            if (open != null) {
                await(open.connection().closeAsync());
            }
        } finally {
            shutdown(client, clusterClient, resources, threads);
        }
    }

    private static void shutdown(RedisClient client, RedisClusterClient cluster, ClientResources resources,
            OwnedThreads threads) {
        try {
            if (client != null) {
                client.shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS);
            }
            if (cluster != null) {
                cluster.shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            await(resources.shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS));
            // A provider given to the builder is left running by the resources' shutdown; Lettuce's own, already ended.
            await(resources.eventLoopGroupProvider().shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS));
            threads.awaitEnd(Duration.ofSeconds(CLOSE_SECONDS));
        }
    }

    private static void await(Future<?> step) {
        try {
            step.get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Bounded on purpose: what won't stop in time is left to end by itself.
        }
    }
}
