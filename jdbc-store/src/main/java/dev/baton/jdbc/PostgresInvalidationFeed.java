/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static java.util.Objects.requireNonNull;

import dev.baton.core.InvalidationFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store's feed of session changes: one connection of its own, outside the pool, opened with the store
 * URL and the pool's driver properties, that {@code LISTEN}s on the table's channel ({@link SessionSql#channel}),
 * where every statement that changes or removes an existing session sends its ID with {@code pg_notify} in its own
 * transaction. A thread of its own waits for the notifications ({@link PGConnection#getNotifications(int)}) and
 * reports each; connected once {@code LISTEN} succeeded, disconnected on any failure, then it reconnects every second
 * until closed.
 *
 * <p>Liveness: every {@link InvalidationFeed#HEARTBEAT}, busy or not, the thread runs {@code SELECT 1}, its read
 * bounded by a network timeout of {@link #PROBE_TIMEOUT}, and reports {@link Listener#alive(long)} when it answers; so
 * a connection that went silent (half-open, frozen server) is reported disconnected within
 * {@link InvalidationFeed#LIVENESS_BOUND}, and the near cache never serves on an older proof.
 *
 * <p>The only class of the store that uses PgJDBC's own API: it is loaded only for a PostgreSQL store with the near
 * cache on, so the driver stays optional for MariaDB and H2 users.
 */
final class PostgresInvalidationFeed implements InvalidationFeed {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresInvalidationFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** The bound of a heartbeat's read: a heartbeat begins at most HEARTBEAT after the last proof, so 500 + 1,250. */
    static final Duration PROBE_TIMEOUT = InvalidationFeed.LIVENESS_BOUND.minus(InvalidationFeed.HEARTBEAT)
            .minusMillis(250);
    private static final long CLOSE_MILLIS = 2000;
    private static final Executor DIRECT = Runnable::run;

    private final String url;
    private final Properties properties;
    private final String channel;
    private final String maskedUri;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Connection connection;
    private volatile Thread thread;
    /** Lost or failed to connect since it last listened (the feed's thread's): retries unlogged, the return logged. */
    private boolean failing;

    /**
     * A feed, not started.
     *
     * @param url the store URL
     * @param properties the driver properties of the store's pool (its connect timeout is kept, its login timeout not)
     * @param channel the channel to listen on
     * @param maskedUri the store URL with its password masked, for log messages
     */
    PostgresInvalidationFeed(String url, Properties properties, String channel, String maskedUri) {
        this.url = url;
        this.properties = new Properties();
        this.properties.putAll(properties);
        // With loginTimeout, PgJDBC connects on a thread of its own that outlives close() when the web app stops while
        // the feed connects (Tomcat then reports a leaked thread); connectTimeout bounds the connect on the feed's own
        // thread, which close() waits for.
        this.properties.remove("loginTimeout");
        // Bounds the login's reads instead (a server that accepts and never answers); after it, setNetworkTimeout.
        this.properties.putIfAbsent("socketTimeout", this.properties.getProperty("connectTimeout", "10"));
        this.properties.putIfAbsent("ApplicationName", "baton-near-cache-feed");
        this.channel = channel;
        this.maskedUri = maskedUri;
    }

    @Override
    public void start(Listener listener) {
        requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("start: the feed was already started");
        }
        Thread running = new Thread(() -> run(listener), "baton-pg-feed");
        running.setDaemon(true);
        thread = running;
        running.start();
    }

    private void run(Listener listener) {
        while (!closed.get()) {
            try (Connection opened = new org.postgresql.Driver().connect(url, properties)) {
                connection = opened;
                if (closed.get()) {
                    return;
                }
                listen(opened, listener);
            } catch (SQLException | RuntimeException e) {
                if (!closed.get() && !failing) {
                    LOG.info("Near-cache feed from {} not listening ({}); the near cache is bypassed until it is "
                            + "back, trying again every {} ms (logged again once it listens)", maskedUri,
                            e.getMessage(), RETRY.toMillis());
                } else if (!closed.get()) {
                    LOG.debug("Near-cache feed from {} not listening ({}); trying again", maskedUri, e.getMessage());
                }
                failing = true;
            } finally {
                connection = null;
            }
            if (!closed.get()) {
                pause();
            }
        }
    }

    /** Listens on an open connection until it fails or the feed closes; reports disconnected after connected. */
    private void listen(Connection opened, Listener listener) throws SQLException {
        opened.setAutoCommit(true);
        opened.setNetworkTimeout(DIRECT, (int) PROBE_TIMEOUT.toMillis());
        try (Statement statement = opened.createStatement()) {
            statement.execute("LISTEN \"" + channel + "\"");
        }
        PGConnection notifications = opened.unwrap(PGConnection.class);
        if (failing) {
            LOG.info("Near-cache feed from {} listening", maskedUri);
        } else {
            LOG.debug("Near-cache feed from {} listening", maskedUri);
        }
        failing = false;
        listener.connected();
        try {
            long proven = System.nanoTime();
            while (!closed.get()) {
                long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - proven);
                if (quiet >= InvalidationFeed.HEARTBEAT.toMillis()) {
                    // A query's answer comes after every notification committed before it began: once it is in and
                    // those are handed on, every change made before the query began has been reported.
                    long sent = System.nanoTime();
                    heartbeat(opened);
                    report(notifications.getNotifications(), listener);
                    listener.alive(sent);
                    proven = sent;
                    continue;
                }
                report(notifications.getNotifications((int) Math.max(1, InvalidationFeed.HEARTBEAT.toMillis() - quiet)),
                        listener);
            }
        } finally {
            listener.disconnected();
        }
    }

    private static void report(PGNotification[] received, Listener listener) {
        if (received != null) {
            for (PGNotification notification : received) {
                InvalidationFeed.report(notification.getParameter(), listener);
            }
        }
    }

    /** Proves the connection alive, or fails within {@link #PROBE_TIMEOUT} (the connection's network timeout). */
    private static void heartbeat(Connection opened) throws SQLException {
        try (Statement statement = opened.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            // close() wakes the thread: the loop ends.
        }
    }

    /** Stops listening: the connection is aborted (which ends a wait on it at once) and the thread awaited. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Connection open = connection;
        if (open != null) {
            try {
                open.abort(DIRECT);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Near-cache feed connection did not abort cleanly: {}", e.getMessage());
            }
        }
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(CLOSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
