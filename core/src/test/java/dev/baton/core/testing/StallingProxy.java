/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on a free port of 127.0.0.1 in front of a test's own server that can stall: while stalled it forwards
 * nothing in either direction and answers nothing, as a server that hangs or a network that drops every packet
 * without resetting the connection, while the sockets on both sides stay open. Bytes held back are forwarded once
 * it resumes.
 */
public final class StallingProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps = Executors.newCachedThreadPool(body -> {
        Thread thread = new Thread(body, "stalling-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Object gate = new Object();
    private boolean stalled;

    /**
     * Starts forwarding to a server on 127.0.0.1.
     *
     * @param targetPort the server's port
     */
    public StallingProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pumps.execute(this::acceptAll);
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** From now on forwards nothing, on connections open now and on new ones, until {@link #resume()}. */
    public void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    /** Forwards again, what was held back first. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    private void awaitOpenGate() throws InterruptedException {
        synchronized (gate) {
            while (stalled) {
                gate.wait();
            }
        }
    }

    private void acceptAll() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                pumps.execute(() -> forward(client, server));
                pumps.execute(() -> forward(server, client));
            }
        } catch (IOException e) {
            // The listener was closed: the proxy is done.
        }
    }

    private void forward(Socket from, Socket to) {
        byte[] chunk = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(chunk)) >= 0) {
                awaitOpenGate();
                out.write(chunk, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // A side closed, or the proxy did.
        }
        disconnect(from);
        disconnect(to);
    }

    private void disconnect(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Closed already.
        }
    }

    /** Stops listening, drops every connection and lets go of what was held back. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closed already.
        }
        open.forEach(this::disconnect);
        pumps.shutdownNow();
    }
}
