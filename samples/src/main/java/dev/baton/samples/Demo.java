package dev.baton.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 200 simulated shoppers sign in and fill their carts through the balancer, concurrently, while node 1 is killed with
 * SIGKILL, later restarted, and node 2 is killed too. Each shopper knows what it put in its cart; at the end every
 * cart is compared with what the shop says it holds.
 */
final class Demo {

    private static final int USERS = 200;
    private static final List<String> SKUS = List.copyOf(Catalog.PRODUCTS.keySet());

    private final Cluster cluster;
    private final Duration length;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<Double> failureTimes = new ConcurrentLinkedQueue<>();
    private long startNanos;

    Demo(Cluster cluster, Duration length) {
        this.cluster = cluster;
        this.length = length;
    }

    /** What the demo saw. */
    record Report(int users, int requests, List<Double> failureTimes, int sessionsLost, int cartsWrong,
            List<String> events) {

        boolean passed() {
            return sessionsLost == 0 && cartsWrong == 0;
        }

        String table() {
            StringBuilder text = new StringBuilder("\n");
            events.forEach(e -> text.append("  ").append(e).append('\n'));
            text.append(String.format("%n| users | requests | failed requests | failed at (s) | sessions lost | "
                    + "carts wrong |%n|---:|---:|---:|---|---:|---:|%n| %d | %d | %d | %s | %d | %d |%n", users,
                    requests, failureTimes.size(), ranges(failureTimes), sessionsLost, cartsWrong));
            text.append(passed() ? "PASS: no session and no cart item was lost\n"
                    : "FAIL: sessions or cart items were lost\n");
            return text.toString();
        }

        private static String ranges(List<Double> times) {
            if (times.isEmpty()) {
                return "-";
            }
            List<Double> sorted = new ArrayList<>(times);
            sorted.sort(null);
            StringJoiner out = new StringJoiner(", ");
            double start = sorted.get(0);
            double end = start;
            for (double t : sorted.subList(1, sorted.size())) {
                if (t - end > 1.0) {
                    out.add(String.format("%.1f-%.1f", start, end));
                    start = t;
                }
                end = t;
            }
            out.add(String.format("%.1f-%.1f", start, end));
            return out.toString();
        }
    }

    Report run() throws Exception {
        startNanos = System.nanoTime();
        long deadline = startNanos + length.toNanos();
        List<String> events = new ArrayList<>();
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        List<Future<int[]>> outcomes = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String name = "shopper" + u;
            outcomes.add(users.submit(() -> shop(name, deadline)));
        }
        sleepUntil(0.25, events, "node-1 killed with SIGKILL", () -> cluster.node(0).kill());
        sleepUntil(0.50, events, "node-1 restarted", () -> {
            cluster.node(0).start();
            cluster.node(0).awaitHealthy(Duration.ofSeconds(60));
        });
        sleepUntil(0.65, events, "node-2 killed with SIGKILL", () -> cluster.node(1).kill());
        int lost = 0;
        int wrong = 0;
        for (Future<int[]> outcome : outcomes) {
            int[] result = outcome.get(length.toSeconds() + 120, TimeUnit.SECONDS);
            lost += result[0];
            wrong += result[1];
        }
        users.shutdownNow();
        return new Report(USERS, requests.get(), List.copyOf(failureTimes), lost, wrong, events);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void sleepUntil(double fraction, List<String> events, String event, Step step) throws Exception {
        long at = startNanos + (long) (length.toNanos() * fraction);
        long wait = at - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        step.run();
        events.add(String.format("%5.1f s  %s", seconds(), event));
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One shopper's session; returns {sessions lost, carts wrong}. */
    private int[] shop(String name, long deadline) throws InterruptedException {
        Map<String, String> cookies = new LinkedHashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Thread.sleep(random.nextInt(4000));
        while (send(cookies, "POST", "/login", "user=" + name) == null) {
            Thread.sleep(200);
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100 + random.nextInt(200));
            String sku = SKUS.get(random.nextInt(SKUS.size()));
            HttpResponse<String> added = send(cookies, "POST", "/api/cart/add", "sku=" + sku);
            if (added != null && added.statusCode() == 401) {
                return new int[] {1, 0};
            }
            Map<String, Integer> withItem = new LinkedHashMap<>(expected);
            withItem.merge(sku, 1, Integer::sum);
            String actual = added != null ? added.body() : reread(cookies);
            if (actual == null) {
                continue;
            }
            if (actual.equals(text(withItem))) {
                expected = withItem;
            } else if (added != null || !actual.equals(text(expected))) {
                // The shop holds something the shopper never put there, or lost an item.
                return new int[] {0, 1};
            }
        }
        HttpResponse<String> who = retry(cookies, "/api/whoami");
        if (who == null || !who.body().equals(name)) {
            return new int[] {1, 0};
        }
        String finalCart = reread(cookies);
        return new int[] {0, text(expected).equals(finalCart) ? 0 : 1};
    }

    /** The cart after a request whose outcome is unknown: asks again until an answer comes. */
    private String reread(Map<String, String> cookies) throws InterruptedException {
        HttpResponse<String> response = retry(cookies, "/api/cart");
        return response == null ? null : response.body();
    }

    private HttpResponse<String> retry(Map<String, String> cookies, String path) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            HttpResponse<String> response = send(cookies, "GET", path, null);
            if (response != null) {
                return response;
            }
            Thread.sleep(250);
        }
        return null;
    }

    private static String text(Map<String, Integer> cart) {
        if (cart.isEmpty()) {
            return "empty";
        }
        StringJoiner out = new StringJoiner(",");
        cart.forEach((sku, quantity) -> out.add(sku + "=" + quantity));
        return out.toString();
    }

    /** One request; {@code null} when it failed (connection error or 5xx), which is recorded with its time. */
    private HttpResponse<String> send(Map<String, String> cookies, String method, String path, String form) {
        requests.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .timeout(Duration.ofSeconds(10));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        synchronized (cookies) {
            if (!cookies.isEmpty()) {
                StringJoiner header = new StringJoiner("; ");
                cookies.forEach((k, v) -> header.add(k + "=" + v));
                request.header("Cookie", header.toString());
            }
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                failureTimes.add(seconds());
                return null;
            }
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                synchronized (cookies) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return response;
        } catch (IOException e) {
            failureTimes.add(seconds());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
