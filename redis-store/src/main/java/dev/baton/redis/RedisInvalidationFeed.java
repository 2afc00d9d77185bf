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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis store's feed of session changes: a publish/subscribe connection of its own, subscribed to
 * {@code <keyPrefix>changes}, where every script that changes or removes an existing session publishes its ID in the
 * same atomic step ({@code save.lua} for updates, {@code delete.lua}, {@code claim.lua}, {@code reap.lua},
 * {@code rename.lua}, {@code retire.lua}). Connected once Redis confirms the subscription (again after each reconnect,
 * which Lettuce makes by itself); disconnected as soon as Lettuce sees the connection drop.
 *
 * <p>Every {@link #HEARTBEAT} it sends a {@code PING} on that same connection (allowed while subscribed, with RESP2
 * and RESP3): its reply comes after every message published before Redis ran it, so a reply to a ping sent at time
 * <i>t</i> proves that every change made before <i>t</i> was delivered ({@link Listener#alive(long)}). A connection
 * with no such proof for {@link #LIVENESS_BOUND} (a half-open TCP connection, a frozen server, a partition that drops
 * packets without a reset) is given up: the listener is told {@link Listener#disconnected()} once, the connection is
 * closed and a new one opened. A given-up connection can still deliver messages that were on their way: they only
 * make the cache drop copies, which is always safe; its subscription confirmations and ping replies are ignored. A
 * connection that fails to open is tried again every second until the feed is closed; {@link #close()} stops the
 * pings.
 */
final class RedisInvalidationFeed implements InvalidationFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final long CLOSE_SECONDS = 2;
    private static final long BOUND_NANOS = LIVENESS_BOUND.toNanos();

    /** One pub/sub connection, and what is known of it. Its fields are guarded by the feed's {@link #lock}. */
    private static final class Link {
        final StatefulRedisPubSubConnection<byte[], byte[]> connection;
        /** When the last exchange that proved it alive began ({@link System#nanoTime()}); first, when it opened. */
        long provenAt = System.nanoTime();
        /** Subscribed and not lost since: the listener was told {@link Listener#connected()}. */
        boolean listening;
        /** Given up or closed: nothing it says is reported any more, but for the messages. */
        boolean retired;

        Link(StatefulRedisPubSubConnection<byte[], byte[]> connection) {
            this.connection = connection;
        }
    }

    private final RedisConnector connector;
    private final byte[] channel;
    private final String maskedUri;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Guards {@link #link}, {@link #closed}, each link's fields, and the listener's connected/disconnected/alive. */
    private final Object lock = new Object();
    private volatile Listener listener;
    private Link link;
    private boolean closed;
    /** Lost, or failed to connect or subscribe, since it last listened: the retries are not logged, the return is. */
    private boolean failing;
    private ScheduledFuture<?> heartbeat;

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
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                synchronized (lock) {
                    Link current = link;
                    if (current != null && handler == current.connection && current.listening && !closed) {
                        LOG.info("Near-cache feed from {} lost; the near cache is bypassed until it is back",
                                maskedUri);
                        current.listening = false;
                        failing = true;
                        listener.disconnected();
                    }
                }
            }
        });
        synchronized (lock) {
            if (!closed) {
                heartbeat = connector.scheduleAtFixedRate(this::beat, HEARTBEAT);
            }
        }
        open();
    }

    private void open() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        connector.connectPubSub().whenComplete((opened, failure) -> {
            if (failure != null) {
                logFailure("connect", failure);
                connector.schedule(this::open, RETRY);
                return;
            }
            Link fresh = new Link(opened);
            synchronized (lock) {
                if (closed) {
                    opened.closeAsync();
                    return;
                }
                link = fresh;
            }
            opened.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] from, byte[] message) {
                    // Also from a given-up link: a message only drops a copy, which is always safe.
                    InvalidationFeed.report(new String(message, StandardCharsets.UTF_8), listener);
                }

                @Override
                public void subscribed(byte[] to, long count) {
                    synchronized (lock) {
                        if (!fresh.retired && !closed) {
                            if (failing) {
                                LOG.info("Near-cache feed from {} listening", maskedUri);
                            } else {
                                LOG.debug("Near-cache feed from {} listening", maskedUri);
                            }
                            failing = false;
                            fresh.provenAt = System.nanoTime();
                            fresh.listening = true;
                            listener.connected();
                        }
                    }
                }
            });
            opened.async().subscribe(channel).whenComplete((done, refused) -> {
                if (refused != null && retire(fresh)) {
                    logFailure("subscribe", refused);
                    connector.schedule(this::open, RETRY);
                }
            });
        });
    }

    /** The first failure since the feed last listened at INFO, saying retries follow; the retries' at DEBUG. */
    private void logFailure(String what, Throwable failure) {
        boolean first;
        synchronized (lock) {
            first = !failing;
            failing = true;
        }
        if (first) {
            LOG.info("Near-cache feed from {} can't {} yet ({}); the near cache is bypassed, trying again every {} ms "
                    + "(logged again once it listens)", maskedUri, what, failure.getMessage(), RETRY.toMillis());
        } else {
            LOG.debug("Near-cache feed from {} can't {} yet ({}); trying again", maskedUri, what, failure.getMessage());
        }
    }

    /** Every {@link #HEARTBEAT}: gives up a link silent for {@link #LIVENESS_BOUND}, else pings a listening one. */
    private void beat() {
        try {
            Link current;
            boolean overdue;
            synchronized (lock) {
                current = link;
                if (current == null || closed) {
                    return;
                }
                overdue = System.nanoTime() - current.provenAt >= BOUND_NANOS;
                if (!overdue && !current.listening) {
                    return; // Subscribing, or Lettuce reconnecting: nothing to ping yet.
                }
            }
            if (!overdue) {
                ping(current);
            } else if (retire(current)) {
                LOG.warn("Near-cache feed from {} proved alive by nothing for {} ms; the near cache is bypassed while "
                        + "it reconnects", maskedUri, LIVENESS_BOUND.toMillis());
                synchronized (lock) {
                    failing = true;
                }
                open();
            }
        } catch (RuntimeException e) {
            // A run that throws would end the heartbeat for good: the next one tries again.
            LOG.warn("Near-cache feed heartbeat failed: {}", e.toString());
        }
    }

    private void ping(Link current) {
        long sent = System.nanoTime();
        current.connection.async().ping().whenComplete((pong, failure) -> {
            if (failure == null) {
                synchronized (lock) {
                    if (current.listening && !current.retired && !closed && sent - current.provenAt > 0) {
                        current.provenAt = sent;
                        listener.alive(sent);
                    }
                }
            }
        });
    }

    /**
     * Gives a link up: the listener is told {@link Listener#disconnected()} if it was listening, and the connection
     * closed (without waiting: a silent peer may never answer).
     *
     * @return whether it was the feed's link and the feed is open, so that a new one should be opened
     */
    private boolean retire(Link given) {
        synchronized (lock) {
            if (given.retired) {
                return false;
            }
            given.retired = true;
            if (given.listening) {
                given.listening = false;
                listener.disconnected();
            }
            if (link == given) {
                link = null;
            }
        }
        given.connection.closeAsync();
        synchronized (lock) {
            return !closed;
        }
    }

    @Override
    public void close() {
        Link open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            open = link;
            link = null;
            if (open != null) {
                open.retired = true;
            }
        }
        if (open != null) {
            try {
                open.connection.closeAsync().get(CLOSE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("Near-cache feed connection did not close cleanly: {}", e.getMessage());
            }
        }
    }
}
