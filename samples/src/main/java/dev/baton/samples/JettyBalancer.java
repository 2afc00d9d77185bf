package dev.baton.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A round-robin reverse proxy on Jetty's proxy module: each request goes to the next healthy node, whatever node the
 * previous one went to. A node is healthy while its {@code /health} answers 200; it is checked every 250 ms.
 */
final class JettyBalancer implements Balancer {

    private final Server server;
    private final ScheduledExecutorService checks;

    private JettyBalancer(Server server, ScheduledExecutorService checks) {
        this.server = server;
        this.checks = checks;
    }

    static JettyBalancer start(int port, List<Integer> nodePorts) throws Exception {
        List<Integer> healthy = new CopyOnWriteArrayList<>(nodePorts);
        AtomicInteger next = new AtomicInteger();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "balancer-health");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(() -> {
            for (int nodePort : nodePorts) {
                boolean up = check(client, nodePort);
                if (up && !healthy.contains(nodePort)) {
                    healthy.add(nodePort);
                } else if (!up) {
                    healthy.remove((Integer) nodePort);
                }
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        ProxyHandler.Reverse proxy = new ProxyHandler.Reverse(request -> target(request, healthy, nodePorts, next));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(proxy);
        server.start();
        return new JettyBalancer(server, checks);
    }

    private static HttpURI target(Request request, List<Integer> healthy, List<Integer> all, AtomicInteger next) {
        List<Integer> candidates = healthy.isEmpty() ? all : healthy;
        int nodePort = candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
        return HttpURI.build(request.getHttpURI()).scheme("http").host("127.0.0.1").port(nodePort);
    }

    private static boolean check(HttpClient client, int nodePort) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort + "/health"))
                    .timeout(Duration.ofMillis(500)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "embedded Jetty proxy (round robin, health-checked)";
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
}
