/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static java.util.Objects.requireNonNull;

import dev.baton.core.InvalidationFeed;
import dev.baton.redis.internal.RedisConnector;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis store's feed of session changes: a publish/subscribe connection of its own, subscribed to
 * {@code <keyPrefix>changes}, where every script that changes or removes an existing session publishes its ID in the
 * same atomic step ({@code save.lua} for updates, {@code delete.lua}, {@code claim.lua}, {@code reap.lua},
 * {@code rename.lua}, {@code retire.lua}). Connected once Redis confirms the subscription (again after each reconnect,
 * which Lettuce makes by itself); disconnected as soon as Lettuce sees the connection drop. A first connection that
 * fails is tried again every second until the feed is closed.
 */
final class RedisInvalidationFeed implements InvalidationFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final long CLOSE_SECONDS = 2;

    private final RedisConnector connector;
    private final byte[] channel;
    private final String maskedUri;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Listener listener;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> connection;

    RedisInvalidationFeed(RedisConnector connector, String keyPrefix, String maskedUri) {
        this.connector = connector;
        this.channel = (keyPrefix + "changes").getBytes(StandardCharsets.UTF_8);
        this.maskedUri = maskedUri;
    }

    @Override
    public void start(Listener listener) {
        requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("start: the feed was already started");
        }
        this.listener = listener;
        connector.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Connected means subscribed: the subscription's confirmation says so.
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == connection && !closed.get()) {
                    LOG.info("Near-cache feed from {} lost; the near cache is bypassed until it is back", maskedUri);
                    listener.disconnected();
                }
            }
        });
        open();
    }

    private void open() {
        if (closed.get()) {
            return;
        }
        connector.connectPubSub().whenComplete((opened, failure) -> {
            if (failure != null) {
                LOG.info("Near-cache feed from {} can't connect yet ({}); trying again", maskedUri,
                        failure.getMessage());
                connector.schedule(this::open, RETRY);
                return;
            }
            connection = opened;
            if (closed.get()) {
                opened.closeAsync();
                return;
            }
            opened.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] from, byte[] message) {
                    listener.invalidated(new String(message, StandardCharsets.UTF_8));
                }

                @Override
                public void subscribed(byte[] to, long count) {
                    LOG.debug("Near-cache feed from {} listening", maskedUri);
                    listener.connected();
                }
            });
            opened.async().subscribe(channel).whenComplete((done, refused) -> {
                if (refused != null && !closed.get()) {
                    LOG.info("Near-cache feed from {} can't subscribe yet ({}); trying again", maskedUri,
                            refused.getMessage());
                    opened.closeAsync();
                    connector.schedule(this::open, RETRY);
                }
            });
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            StatefulRedisPubSubConnection<byte[], byte[]> open = connection;
            if (open != null) {
                try {
                    open.closeAsync().get(CLOSE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    LOG.debug("Near-cache feed connection did not close cleanly: {}", e.getMessage());
                }
            }
        }
    }
}
