/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on a free port of 127.0.0.1 between app nodes and their store, that the chaos suite uses to cut a node
 * off from the store or to slow the store down.
 *
 * <ul>
 *   <li>{@link #partition()}: nothing passes either way any more, on open connections and on new ones (which the
 *       proxy's kernel still accepts, as a SYN lost in a real partition would leave the client waiting, as here);
 *       the client sees silence, not a reset. {@link #heal()} closes every connection that lived through the partition
 *       without forwarding what it held back, as the operating system aborts a connection whose data went unacknowledged
 *       longer than its TCP user timeout (Lettuce sets 10 s; the suite's partitions are longer), and lets new
 *       connections through again.</li>
 *   <li>{@link #delay(Duration)}: every chunk a client sends is held back this long, in order, before the store gets
 *       it; the store stays healthy and answers at once.</li>
 * </ul>
 */
final class ChaosProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    /** Guarded by {@link #gate}. */
    private boolean partitioned;
    /** Connections cut by the current or last partition; guarded by {@link #gate}. */
    private final List<Socket> cut = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;

    ChaosProxy(int targetPort) {
        this.target = targetPort;
        try {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("chaos-proxy-accept", this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Cuts every connection, open or new, off from the store: silence both ways. */
    void partition() {
        synchronized (gate) {
            partitioned = true;
            cut.addAll(sockets);
        }
    }

    /** Ends the partition: the connections it cut are closed, new ones pass. */
    void heal() {
        synchronized (gate) {
            partitioned = false;
            cut.forEach(ChaosProxy::closeQuietly);
            cut.clear();
            gate.notifyAll();
        }
    }

    /** Holds back each chunk a client sends this long; {@link Duration#ZERO} ends the delay. */
    void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                synchronized (gate) {
                    sockets.add(client);
                    if (partitioned) {
                        cut.add(client);
                    }
                }
                daemon("chaos-proxy-open", () -> open(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void open(Socket client) {
        // A new connection waits out a partition before the proxy even dials the store.
        if (!passGate(client)) {
            closeQuietly(client);
            return;
        }
        try {
            Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            sockets.add(server);
            daemon("chaos-proxy-up", () -> pump(client, server, true));
            daemon("chaos-proxy-down", () -> pump(server, client, false));
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Waits while partitioned; false when the connection was cut by the partition and must be closed. */
    private boolean passGate(Socket connection) {
        synchronized (gate) {
            while (partitioned) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !connection.isClosed();
        }
    }

    /** A chunk read from a client, and when it may go on. */
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    /**
     * Reads chunks as they come and hands them to a writer that sends each one once its delay has passed: each chunk
     * arrives {@code delay} late, however many follow it (latency, not a slower pipe).
     */
    private void pump(Socket from, Socket to, boolean up) {
        Socket client = up ? from : to;
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon("chaos-proxy-write", () -> write(queue, client, to, from));
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + (up ? delayNanos : 0)));
            }
        } catch (IOException e) {
            // Either side closed.
        } finally {
            queue.add(END);
        }
    }

    private void write(BlockingQueue<Chunk> queue, Socket client, Socket to, Socket from) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END) {
                    break;
                }
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!passGate(client)) {
                    break;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // Either side closed: close both.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        heal();
        sockets.forEach(ChaosProxy::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
