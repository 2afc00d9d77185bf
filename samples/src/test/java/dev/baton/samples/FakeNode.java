/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a node in front of a balancer, on a free port of 127.0.0.1: {@code /health} answers with a status
 * and after a delay the test sets, and counts the checks; every other path answers 200 with the node's name.
 */
final class FakeNode implements AutoCloseable {

    final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger healthChecks = new AtomicInteger();
    private volatile Duration healthDelay = Duration.ZERO;
    private volatile int healthStatus = 200;
    private final AtomicBoolean closed = new AtomicBoolean();

    FakeNode(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        server.createContext("/health", this::health);
        server.createContext("/", exchange -> answer(exchange, 200, name));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int healthChecks() {
        return healthChecks.get();
    }

    /** Every later health check answers only after {@code delay}, as a node on a busy machine may. */
    void answerHealthChecksAfter(Duration delay) {
        healthDelay = delay;
    }

    /** Every later health check answers {@code status}. */
    void answerHealthChecksWith(int status) {
        healthStatus = status;
    }

    private void health(HttpExchange exchange) throws IOException {
        healthChecks.incrementAndGet();
        try {
            Thread.sleep(healthDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer(exchange, healthStatus, "ok " + name);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Stops listening: a connection to the node is then refused, as to a killed one. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
