/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free port of 127.0.0.1 in front of a test's own server, that holds back every chunk a client sends
 * for a set delay: each command then takes that much longer, as on a slow network, while the server stays healthy.
 * It can also drop its connections while a chunk is held back, which the server then never gets, or make them go
 * silent without closing them.
 */
public final class SlowProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    /**
     * Starts forwarding, with no delay yet.
     *
     * @param targetPort the server's port on 127.0.0.1
     */
    public SlowProxy(int targetPort) {
        this.target = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("slow-proxy-accept", this::accept);
    }

    /** The proxy's port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Holds back each chunk from a client this long before the server gets it. @param delay the delay */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** How many chunks from clients are being held back right now. */
    public int held() {
        return held.get();
    }

    /**
     * Drops every connection open now, as a network failure would; the chunks being held back are lost. New
     * connections are accepted as before.
     */
    public void dropConnections() {
        sockets.forEach(SlowProxy::closeQuietly);
        sockets.clear();
    }

    /**
     * Makes every connection open now go silent both ways while staying open, as a half-open TCP connection does
     * when its peer vanished without a word (a failover behind a virtual IP, a host powered off): what is sent is
     * swallowed and nothing comes back. New connections are forwarded as before.
     */
    public void silenceConnections() {
        silenced.addAll(sockets);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                daemon("slow-proxy-up", () -> pump(client, server, true));
                daemon("slow-proxy-down", () -> pump(server, client, false));
            } catch (IOException e) {
                // Closed, or the server refused: the client sees its connection drop.
            }
        }
    }

    private void pump(Socket from, Socket to, boolean slow) {
        byte[] buffer = new byte[65536];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (slow) {
                    held.incrementAndGet();
                    try {
                        Thread.sleep(delay.toMillis());
                    } finally {
                        held.decrementAndGet();
                    }
                }
                if (silenced.contains(from)) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed: the other follows.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    /** Stops listening and drops every connection. */
    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(SlowProxy::closeQuietly);
    }
}
