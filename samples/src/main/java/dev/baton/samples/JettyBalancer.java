/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A round-robin reverse proxy on Jetty's proxy module: each request goes to the next node in rotation, whatever node
 * the previous one went to. Each node's {@code /health} is checked on its own thread by the rules of
 * {@link NodeHealth}, so a slow node delays no other node's checks; a connection a node refuses takes it out at once.
 */
final class JettyBalancer implements Balancer {

    private final Server server;
    private final ScheduledExecutorService checks;

    private JettyBalancer(Server server, ScheduledExecutorService checks) {
        this.server = server;
        this.checks = checks;
    }

    static JettyBalancer start(int port, List<Integer> nodePorts) throws Exception {
        Map<Integer, NodeHealth> health = new HashMap<>();
        nodePorts.forEach(nodePort -> health.put(nodePort, new NodeHealth()));
        HttpClient client = HttpClient.newBuilder().connectTimeout(NodeHealth.TIMEOUT).build();
        ScheduledExecutorService checks = Executors.newScheduledThreadPool(nodePorts.size(), r -> {
            Thread thread = new Thread(r, "balancer-health");
            thread.setDaemon(true);
            return thread;
        });
        for (int nodePort : nodePorts) {
            checks.scheduleWithFixedDelay(() -> health.get(nodePort).record(check(client, nodePort)), 0,
                    NodeHealth.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new RoundRobin(nodePorts, health));
        try {
            server.start();
        } catch (Exception e) {
            checks.shutdownNow();
            server.stop();
            throw e;
        }
        return new JettyBalancer(server, checks);
    }

    private static boolean check(HttpClient client, int nodePort) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort + "/health"))
                    .timeout(NodeHealth.TIMEOUT).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String describe() {
        return "embedded Jetty proxy (round robin, health-checked)";
    }

    @Override
    public void checkRunning() throws IOException {
        if (!server.isRunning()) {
            throw new IOException("the embedded Jetty proxy is not running: " + server.getState());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("balancer did not stop", e);
        }
    }

    /** Picks the next node in rotation (any node when none is), and takes out a node that refuses a connection. */
    private static final class RoundRobin extends ProxyHandler {
        private final List<Integer> nodePorts;
        private final Map<Integer, NodeHealth> health;
        private final AtomicInteger next = new AtomicInteger();

        RoundRobin(List<Integer> nodePorts, Map<Integer, NodeHealth> health) {
            this.nodePorts = List.copyOf(nodePorts);
            this.health = health;
        }

        @Override
        protected HttpURI rewriteHttpURI(Request request) {
            List<Integer> candidates = nodePorts.stream().filter(port -> health.get(port).inRotation()).toList();
            if (candidates.isEmpty()) {
                candidates = nodePorts;
            }
            int nodePort = candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
            return HttpURI.build(request.getHttpURI()).scheme("http").host("127.0.0.1").port(nodePort);
        }

        @Override
        protected void onServerToProxyResponseFailure(Request clientToProxyRequest,
                org.eclipse.jetty.client.Request proxyToServerRequest,
                org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse,
                Callback proxyToClientCallback, Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException) {
                    NodeHealth node = health.get(proxyToServerRequest.getPort());
                    if (node != null) {
                        node.markDown();
                    }
                    break;
                }
            }
            super.onServerToProxyResponseFailure(clientToProxyRequest, proxyToServerRequest, serverToProxyResponse,
                    proxyToClientResponse, proxyToClientCallback, failure);
        }
    }
}
