/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The chaos suite's simulated shoppers: each signs in, adds items to its cart (checking who it is now and then), checks
 * the cart, signs out, and starts a new visit with a new session, until the scenario ends. Each knows which additions
 * the shop acknowledged (a 2xx answer) and which got no answer (5xx or a connection error: applied or not, unknown).
 * What they count:
 *
 * <ul>
 *   <li>sessions lost: the shop forgot a signed-in shopper (401, or {@code anonymous});</li>
 *   <li>acknowledged items lost: an addition answered 2xx and missing from the cart at the end of the visit (every
 *       acknowledged item of a lost session counts);</li>
 *   <li>wrong carts: the shop named another user, or the cart held an item the shopper never tried to add;</li>
 *   <li>resurrected sessions: after the scenario, each session whose sign-out was acknowledged is asked again with its
 *       old cookie; it must be unknown.</li>
 * </ul>
 */
final class ChaosShoppers {

    private static final List<String> SKUS = List.copyOf(Catalog.PRODUCTS.keySet());
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** One request: when it was sent and answered (seconds since the start), and whether it succeeded. */
    record Request(double sent, double answered, boolean ok) {
    }

    /** What the shoppers saw in one scenario. */
    record Tally(List<Request> requests, int visits, int sessionsLost, int itemsAcknowledged, int itemsLost,
            int wrongCarts, int invalidated, int resurrected, int unanswered) {
    }

    private final String baseUrl;
    private final int users;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Map<String, String>> signedOut = new ConcurrentLinkedQueue<>();
    private final AtomicInteger visits = new AtomicInteger();
    private final AtomicInteger sessionsLost = new AtomicInteger();
    private final AtomicInteger itemsAcknowledged = new AtomicInteger();
    private final AtomicInteger itemsLost = new AtomicInteger();
    private final AtomicInteger wrongCarts = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final long start = System.nanoTime();
    private volatile long shoppingEnds = Long.MAX_VALUE;
    private ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    ChaosShoppers(String baseUrl, int users) {
        this.baseUrl = baseUrl;
        this.users = users;
    }

    /** Seconds since the shoppers were created. */
    double now() {
        return (System.nanoTime() - start) / 1e9;
    }

    void start() {
        pool = Executors.newFixedThreadPool(users);
        for (int u = 0; u < users; u++) {
            String name = "shopper" + u;
            running.add(pool.submit(() -> shop(name)));
        }
    }

    /** Ends the shopping: each shopper checks its current visit; then the signed-out sessions are asked again. */
    Tally finish(Duration limit) throws InterruptedException {
        shoppingEnds = System.nanoTime();
        long deadline = System.nanoTime() + limit.toNanos();
        for (Future<?> shopper : running) {
            try {
                shopper.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                unanswered.incrementAndGet();
            }
        }
        pool.shutdownNow();
        int resurrected = 0;
        int invalidated = 0;
        for (Map<String, String> cookies : signedOut) {
            HttpResponse<String> who = System.nanoTime() < deadline ? retry(cookies, "/api/whoami") : null;
            if (who == null) {
                unanswered.incrementAndGet();
                continue;
            }
            invalidated++;
            if (!who.body().equals("anonymous")) {
                resurrected++;
            }
        }
        return new Tally(List.copyOf(requests), visits.get(), sessionsLost.get(), itemsAcknowledged.get(),
                itemsLost.get(), wrongCarts.get(), invalidated, resurrected, unanswered.get());
    }

    private void shop(String name) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            Thread.sleep(random.nextInt(2000));
            while (System.nanoTime() < shoppingEnds) {
                visit(name, random);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One visit: sign in, 8 to 16 additions, the check, sign out. */
    private void visit(String name, ThreadLocalRandom random) throws InterruptedException {
        Map<String, String> cookies = new HashMap<>();
        HttpResponse<String> login = send(cookies, "POST", "/login", "user=" + name);
        if (login == null || login.statusCode() != 302) {
            Thread.sleep(200);
            return;
        }
        visits.incrementAndGet();
        Map<String, Integer> acknowledged = new HashMap<>();
        Map<String, Integer> unknown = new HashMap<>();
        int additions = 8 + random.nextInt(9);
        for (int i = 0; i < additions && System.nanoTime() < shoppingEnds; i++) {
            Thread.sleep(50 + random.nextInt(150));
            if (i % 4 == 3) {
                HttpResponse<String> who = send(cookies, "GET", "/api/whoami", null);
                if (who != null && !who.body().equals(name)) {
                    lose(who.body(), acknowledged);
                    return;
                }
                continue;
            }
            String sku = SKUS.get(random.nextInt(SKUS.size()));
            HttpResponse<String> added = send(cookies, "POST", "/api/cart/add", "sku=" + sku);
            if (added == null) {
                unknown.merge(sku, 1, Integer::sum);
            } else if (added.statusCode() == 401) {
                lose("anonymous", acknowledged);
                return;
            } else {
                acknowledged.merge(sku, 1, Integer::sum);
                itemsAcknowledged.incrementAndGet();
            }
        }
        HttpResponse<String> who = retry(cookies, "/api/whoami");
        HttpResponse<String> cart = retry(cookies, "/api/cart");
        if (who == null || cart == null) {
            unanswered.incrementAndGet();
            return;
        }
        if (!who.body().equals(name)) {
            lose(who.body(), acknowledged);
            return;
        }
        Map<String, Integer> held = parse(cart.body());
        int lost = 0;
        boolean foreign = false;
        for (Map.Entry<String, Integer> line : acknowledged.entrySet()) {
            lost += Math.max(0, line.getValue() - held.getOrDefault(line.getKey(), 0));
        }
        for (Map.Entry<String, Integer> line : held.entrySet()) {
            int tried = acknowledged.getOrDefault(line.getKey(), 0) + unknown.getOrDefault(line.getKey(), 0);
            foreign |= line.getValue() > tried;
        }
        itemsLost.addAndGet(lost);
        if (foreign) {
            wrongCarts.incrementAndGet();
        }
        // The cookies as they were before the logout (the session cookie and its near-cache token), replayed later.
        Map<String, String> session = new LinkedHashMap<>(cookies);
        HttpResponse<String> logout = send(cookies, "POST", "/logout", null);
        if (logout != null && logout.statusCode() == 302) {
            signedOut.add(session);
        }
    }

    /** The shop forgot the shopper, or named someone else. */
    private void lose(String answer, Map<String, Integer> acknowledged) {
        if (answer.equals("anonymous")) {
            sessionsLost.incrementAndGet();
        } else {
            wrongCarts.incrementAndGet();
        }
        itemsLost.addAndGet(acknowledged.values().stream().mapToInt(Integer::intValue).sum());
    }

    private static Map<String, Integer> parse(String cart) {
        Map<String, Integer> held = new LinkedHashMap<>();
        if (!cart.equals("empty")) {
            for (String line : cart.split(",")) {
                String[] parts = line.split("=");
                held.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return held;
    }

    /** A GET asked every 250 ms while it fails, for up to 60 s; {@code null} when none answered. */
    private HttpResponse<String> retry(Map<String, String> cookies, String path) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            HttpResponse<String> response = send(cookies, "GET", path, null);
            if (response != null) {
                return response;
            }
            Thread.sleep(250);
        }
        return null;
    }

    /** One request; {@code null} when it failed (connection error or 5xx). */
    private HttpResponse<String> send(Map<String, String> cookies, String method, String path, String form)
            throws InterruptedException {
        double sent = now();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (!cookies.isEmpty()) {
            StringJoiner header = new StringJoiner("; ");
            cookies.forEach((k, v) -> header.add(k + "=" + v));
            request.header("Cookie", header.toString());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() < 500;
            requests.add(new Request(sent, now(), ok));
            if (!ok) {
                return null;
            }
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            return response;
        } catch (IOException e) {
            requests.add(new Request(sent, now(), false));
            return null;
        }
    }
}
