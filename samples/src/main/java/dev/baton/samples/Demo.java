/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import dev.baton.samples.boot.BootShop;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 200 simulated shoppers sign in and fill their carts through the balancer, concurrently, while node 1 is killed with
 * SIGKILL, later restarted, and node 2 is killed too. Each shopper knows what it put in its cart; at the end every
 * cart is compared with what the shop says it holds. A request that fails within {@link #KILL_WINDOW} after a kill
 * or a restart is counted apart from the others, which must not happen at all. Every wait is bounded: the whole run,
 * the cluster's start included, is over by the deadline the launcher gives (two minutes from its start).
 */
final class Demo {

    /** The whole {@code --demo} run, cluster start included, ends within this. */
    static final Duration MAX_RUN = Duration.ofMinutes(2);
    /** Shortest {@code --demo-seconds}: the kills and the restart need time to matter. */
    static final Duration MIN_LENGTH = Duration.ofSeconds(10);
    /** Longest {@code --demo-seconds}, leaving room in {@link #MAX_RUN} for the start and the final checks. */
    static final Duration MAX_LENGTH = Duration.ofSeconds(75);

    private static final int USERS = 200;
    private static final List<String> SKUS = List.copyOf(Catalog.PRODUCTS.keySet());
    /** Time kept after the shopping for every shopper's final check. */
    private static final Duration FINAL_CHECKS = Duration.ofSeconds(20);
    /** Time kept at the end of {@link #MAX_RUN} for stopping the cluster. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A failed request up to this long after a kill, or after a restarted node answers, is one the event caused: in
     * flight on the killed node, or sent to it before the balancer took it out (about a second).
     */
    static final Duration KILL_WINDOW = Duration.ofSeconds(2);

    private final Cluster cluster;
    private final App app;
    private final Duration length;
    private final long runDeadline;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private long startNanos;
    /** No request is sent after this. */
    private long hardDeadline;

    /**
     * @param cluster the running cluster
     * @param app the app its nodes run
     * @param length how long the shoppers shop
     * @param runDeadline {@link System#nanoTime()} by which the whole run, this demo included, must be over
     */
    Demo(Cluster cluster, App app, Duration length, long runDeadline) {
        this.cluster = cluster;
        this.app = app;
        this.length = length;
        this.runDeadline = runDeadline;
    }

    /** How one shopper's visit ended. */
    enum Outcome {
        /** Signed in to the end, and the cart held exactly what the shopper put in it. */
        KEPT,
        /** The shopper could not sign in before the shopping time ran out. */
        NOT_SIGNED_IN,
        /** The shop forgot the shopper: a 401, or another user at the end. */
        SESSION_LOST,
        /** The cart held something the shopper never put there, or lacked an item. */
        CART_WRONG,
        /** The final check got no answer before the deadline. */
        NO_ANSWER
    }

    /**
     * A kill or a restart.
     *
     * @param at seconds since the shopping began: when the kill was sent, or when the restarted node answered
     * @param what what happened
     */
    record Event(double at, String what) {

        /** Whether a request that failed at {@code time} (seconds) is one this event caused. */
        boolean caused(double time) {
            return time >= at && time <= at + KILL_WINDOW.toMillis() / 1000.0;
        }

        @Override
        public String toString() {
            return String.format("%5.1f s  %s", at, what);
        }
    }

    /** A request that failed, {@code at} seconds after the shopping began: its 5xx status or its exception. */
    record Failure(double at, String cause) {
    }

    /** What the demo saw. */
    record Report(int users, int requests, List<Failure> failures, Map<Outcome, Integer> outcomes,
            List<Event> events) {

        /** The failures no kill or restart explains, in time order. */
        List<Failure> unexplained() {
            return failures.stream().filter(f -> events.stream().noneMatch(e -> e.caused(f.at())))
                    .sorted(Comparator.comparingDouble(Failure::at)).toList();
        }

        int count(Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        /** Failed requests within {@link #KILL_WINDOW} after a kill or a restart. */
        int failedNearKills() {
            return failures.size() - failedOtherwise();
        }

        /** Failed requests no kill or restart explains. */
        int failedOtherwise() {
            return unexplained().size();
        }

        boolean passed() {
            return count(Outcome.KEPT) == users && failedOtherwise() == 0;
        }

        String table() {
            StringBuilder text = new StringBuilder("\n");
            events.forEach(e -> text.append("  ").append(e).append('\n'));
            text.append(String.format("%n| users | requests | failed near kills | failed otherwise | failed at (s) "
                    + "| sessions lost | carts wrong |%n|---:|---:|---:|---:|---|---:|---:|%n"
                    + "| %d | %d | %d | %d | %s | %d | %d |%n", users, requests, failedNearKills(),
                    failedOtherwise(), ranges(), count(Outcome.SESSION_LOST), count(Outcome.CART_WRONG)));
            if (count(Outcome.NOT_SIGNED_IN) > 0) {
                text.append("shoppers who could not sign in: ").append(count(Outcome.NOT_SIGNED_IN)).append('\n');
            }
            if (count(Outcome.NO_ANSWER) > 0) {
                text.append("shoppers whose final check got no answer: ").append(count(Outcome.NO_ANSWER))
                        .append('\n');
            }
            if (failedOtherwise() > 0) {
                text.append("requests that failed away from the kills (not within ").append(KILL_WINDOW.toSeconds())
                        .append(" s after a kill or a restart): ").append(failedOtherwise()).append('\n');
                unexplained().stream().limit(20)
                        .forEach(f -> text.append(String.format("  %5.1f s  %s%n", f.at(), f.cause())));
            }
            text.append(passed() ? "PASS: no session and no cart item was lost, no request failed away from the kills\n"
                    : "FAIL: sessions or cart items were lost, or requests failed away from the kills\n");
            return text.toString();
        }

        private String ranges() {
            if (failures.isEmpty()) {
                return "-";
            }
            List<Double> sorted = failures.stream().map(Failure::at).sorted().toList();
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
        hardDeadline = runDeadline - STOP_MARGIN.toNanos();
        // The last moment the shopping can end and still leave every shopper its final check.
        long latestEnd = hardDeadline - FINAL_CHECKS.toNanos();
        long shoppingEnds = Math.min(startNanos + length.toNanos(), latestEnd);
        List<Event> events = new ArrayList<>();
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                String name = "shopper" + u;
                outcomes.add(users.submit(() -> shop(name, shoppingEnds)));
            }
            sleepUntil(0.25);
            events.add(new Event(seconds(), "node-1 killed with SIGKILL"));
            cluster.node(0).kill();
            sleepUntil(0.50);
            cluster.startNode(cluster.node(0));
            // Until the latest end, not the planned one: on a loaded machine a JVM starting beside 200 shoppers can
            // take longer than the half of the shopping that is left.
            cluster.node(0).awaitHealthy(Duration.ofNanos(Math.max(0, latestEnd - System.nanoTime())));
            events.add(new Event(seconds(), "node-1 restarted"));
            sleepUntil(0.65);
            events.add(new Event(seconds(), "node-2 killed with SIGKILL"));
            cluster.node(1).kill();
            for (Future<Outcome> outcome : outcomes) {
                Outcome result;
                try {
                    result = outcome.get(Math.max(0, runDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    result = Outcome.NO_ANSWER;
                }
                counts.merge(result, 1, Integer::sum);
            }
        } finally {
            users.shutdownNow();
        }
        return new Report(USERS, requests.get(), List.copyOf(failures), counts, events);
    }

    private void sleepUntil(double fraction) throws InterruptedException {
        long wait = startNanos + (long) (length.toNanos() * fraction) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One shopper's visit: signs in, adds to the cart until {@code shoppingEnds}, then checks everything. */
    private Outcome shop(String name, long shoppingEnds) throws InterruptedException {
        Map<String, String> cookies = new LinkedHashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Thread.sleep(random.nextInt(4000));
        String csrf = signIn(cookies, name, shoppingEnds);
        if (csrf == null) {
            return Outcome.NOT_SIGNED_IN;
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        while (System.nanoTime() < shoppingEnds) {
            Thread.sleep(100 + random.nextInt(200));
            String sku = SKUS.get(random.nextInt(SKUS.size()));
            HttpResponse<String> added = send(cookies, "POST", "/api/cart/add", csrf + "sku=" + sku);
            if (added != null && added.statusCode() == 401) {
                return Outcome.SESSION_LOST;
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
                return Outcome.CART_WRONG;
            }
        }
        HttpResponse<String> who = retry(cookies, "/api/whoami");
        String finalCart = reread(cookies);
        if (who == null || finalCart == null) {
            return Outcome.NO_ANSWER;
        }
        if (!who.body().equals(name)) {
            return Outcome.SESSION_LOST;
        }
        return text(expected).equals(finalCart) ? Outcome.KEPT : Outcome.CART_WRONG;
    }

    /**
     * Signs in, asking again while requests fail, until {@code shoppingEnds}. Returns what every later POST starts
     * with (the Boot shop's CSRF token as {@code _csrf=…&}, nothing for the servlet shop), or {@code null} when the
     * shop did not answer with the redirect that a successful sign-in gets.
     */
    private String signIn(Map<String, String> cookies, String name, long shoppingEnds)
            throws InterruptedException {
        while (System.nanoTime() < shoppingEnds) {
            if (app == App.SHOP) {
                HttpResponse<String> response = send(cookies, "POST", "/login", "user=" + name);
                if (response != null) {
                    return response.statusCode() == 302
                            && response.headers().firstValue("Location").orElse("").endsWith("/catalog") ? "" : null;
                }
            } else {
                // Spring Security's form: its CSRF token from the login page, then a new one for the signed-in session.
                HttpResponse<String> form = send(cookies, "GET", "/login", null);
                HttpResponse<String> response = form == null ? null : send(cookies, "POST", "/login", "username="
                        + name + "&password=" + BootShop.PASSWORD + "&_csrf=" + encode(App.csrfToken(form.body())));
                if (response != null && (response.statusCode() != 302
                        || response.headers().firstValue("Location").orElse("").contains("error"))) {
                    return null;
                }
                HttpResponse<String> token = response == null ? null : send(cookies, "GET", "/api/csrf", null);
                if (token != null) {
                    return token.statusCode() == 200 ? "_csrf=" + encode(token.body()) + "&" : null;
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The cart after a request whose outcome is unknown: asks again until an answer comes. */
    private String reread(Map<String, String> cookies) throws InterruptedException {
        HttpResponse<String> response = retry(cookies, "/api/cart");
        return response == null ? null : response.body();
    }

    /** A GET asked up to 20 times while it fails, never past the deadline; {@code null} when none answered. */
    private HttpResponse<String> retry(Map<String, String> cookies, String path) throws InterruptedException {
        for (int attempt = 0; attempt < 20 && System.nanoTime() < hardDeadline; attempt++) {
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
        long left = hardDeadline - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .timeout(Duration.ofNanos(Math.min(REQUEST_TIMEOUT.toNanos(), left)));
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
                failures.add(new Failure(seconds(), "HTTP " + response.statusCode() + " on " + method + " " + path));
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
            failures.add(new Failure(seconds(), e.getClass().getSimpleName() + " on " + method + " " + path
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
