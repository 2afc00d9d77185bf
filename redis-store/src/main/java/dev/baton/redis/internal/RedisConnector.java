package dev.baton.redis.internal;

import dev.baton.core.BatonConfig;
import dev.baton.core.internal.StoreUris;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeoutException;

/**
 * Opens the one shared Lettuce connection of a store from its URI, with options fit for a request path: commands are
 * rejected at once while disconnected (no unbounded queue), and so are the commands in flight when the connection
 * drops: they fail instead of being sent again after the reconnect ({@link #IN_FLIGHT_DROPPED}). The queue is bounded,
 * every command times out after {@code storeTimeout}, TCP keep-alive is on, and Cluster topology is refreshed
 * periodically and on redirects. Not API.
 */
public final class RedisConnector implements AutoCloseable {

    /**
     * What Lettuce's {@code DisconnectedBehavior.REJECT_COMMANDS} fails the commands in flight with when the
     * connection drops (since Lettuce 6.7, also with auto-reconnect on; before, it re-sent them after the reconnect,
     * possibly to another server). A write re-sent after other nodes' writes landed would undo them: a late copy of
     * an older delta, a create wiping later deltas. Failing it leaves its outcome unknown, as a timeout does.
     */
    public static final String IN_FLIGHT_DROPPED = "Connection disconnected";
    private static final int REQUEST_QUEUE = 10_000;
    /** The bound of each step of {@link #close()}: connection, client, then Netty threads. */
    private static final long CLOSE_SECONDS = 2;

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;

    private final AtomicLong disconnections;

    private RedisConnector(ClientResources resources, RedisClient client, RedisClusterClient clusterClient,
            StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands,
            AtomicLong disconnections) {
        this.disconnections = disconnections;
        this.resources = resources;
        this.client = client;
        this.clusterClient = clusterClient;
        this.connection = connection;
        this.commands = commands;
    }

    /**
     * Connects.
     *
     * @param config the configuration; its {@code store} is a {@code redis}, {@code rediss}, {@code redis-sentinel}
     *     or {@code redis-cluster} URI
     * @return the connection
     * @throws IllegalArgumentException for a malformed URI
     */
    public static RedisConnector connect(BatonConfig config) {
        String uri = config.store();
        String scheme = StoreUris.scheme(uri);
        Duration timeout = config.storeTimeout();
        ClientResources resources = DefaultClientResources.create();
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
            SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
            // Every store call waits for its replies at most for what is left of its own storeTimeout deadline
            // (StoreCall), so Lettuce's per-command timers would only add a timer task per command.
            TimeoutOptions timeouts = TimeoutOptions.create();
            if (scheme.equals("redis-cluster")) {
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
                StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
                connection.setTimeout(timeout);
                return new RedisConnector(resources, null, cluster, connection, connection.async(), disconnections);
            }
            RedisURI redisUri = RedisUris.parse(uri);
            redisUri.setTimeout(timeout);
            client = RedisClient.create(resources, redisUri);
            client.addListener(counter);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(REQUEST_QUEUE).socketOptions(socket).timeoutOptions(timeouts)
                    .autoReconnect(true).build());
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            connection.setTimeout(timeout);
            return new RedisConnector(resources, client, cluster, connection, connection.async(), disconnections);
        } catch (RuntimeException e) {
            shutdown(client, cluster, resources);
            throw e;
        }
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

    /** The asynchronous commands of the shared connection; callers bound each wait for a reply. */
    public RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return commands;
    }

    /**
     * Closes the connection, shuts the client down and waits until its Netty threads have ended, each step bounded
     * by {@value #CLOSE_SECONDS} seconds.
     */
    @Override
    public void close() {
        try {
            await(connection.closeAsync());
        } finally {
            shutdown(client, clusterClient, resources);
        }
    }

    private static void shutdown(RedisClient client, RedisClusterClient cluster, ClientResources resources) {
        try {
            if (client != null) {
                client.shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS);
            }
            if (cluster != null) {
                cluster.shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            await(resources.shutdown(0, CLOSE_SECONDS, TimeUnit.SECONDS));
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
