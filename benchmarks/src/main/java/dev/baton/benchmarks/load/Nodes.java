/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nodes of a run, one per variant, all with one heap, each with its sessions of every size (two per connection)
 * and warmed for its JIT on the given workloads; closing stops them all.
 */
final class Nodes implements AutoCloseable {

    /** A run of each workload in a pass of the JIT warm-up. */
    private static final Duration SETTLE_RUN = Duration.ofSeconds(2);
    /** The most passes of the JIT warm-up. */
    private static final int SETTLE_PASSES = 8;

    private final Map<Variant, BenchmarkNode> nodes = new EnumMap<>(Variant.class);
    private final Map<Variant, Map<SessionShape, List<String>>> cookies = new EnumMap<>(Variant.class);

    private Nodes() {
    }

    static Nodes start(List<Variant> variants, Settings settings, NodeHeap heap, List<String> workloads,
            List<SessionShape> sizes) throws Exception {
        Nodes started = new Nodes();
        try {
            for (Variant variant : variants) {
                BenchmarkNode node = BenchmarkNode.start(variant, settings, heap);
                started.nodes.put(variant, node);
                Map<SessionShape, List<String>> bySize = new EnumMap<>(SessionShape.class);
                for (SessionShape size : sizes) {
                    bySize.put(size, setUp(node, variant, size, 2 * settings.connections()));
                }
                started.cookies.put(variant, bySize);
                warmUp(variant, node, workloads, bySize, settings);
            }
            return started;
        } catch (Exception e) {
            started.close();
            throw e;
        }
    }

    BenchmarkNode node(Variant variant) {
        return nodes.get(variant);
    }

    List<String> cookies(Variant variant, SessionShape size) {
        return cookies.get(variant).get(size);
    }

    /**
     * The cookies as a browser would hold them now: with the near cache, each session's token is read again (one
     * {@code read}), since {@code wrk} keeps sending what it was given and ignores the {@code Set-Cookie} of a token
     * that a touch (once per {@code touchInterval}) or a write made stale, which the node would then send again on
     * every response.
     */
    List<String> freshCookies(Variant variant, SessionShape size) throws Exception {
        List<String> held = cookies(variant, size);
        if (!variant.nearCache) {
            return held;
        }
        HttpClient client = HttpClient.newHttpClient();
        List<String> fresh = new ArrayList<>();
        for (String cookie : held) {
            fresh.add(withToken(client, nodes.get(variant), variant, size, cookie.split("; ", 2)[0]));
        }
        cookies.get(variant).put(size, fresh);
        return fresh;
    }

    @Override
    public void close() throws InterruptedException {
        for (BenchmarkNode node : nodes.values()) {
            node.close();
        }
    }

    /**
     * Warms a node just started for its JIT: each workload on each size once for {@link Settings#jitWarmUp()}, then
     * passes of {@link #SETTLE_RUN} per workload and size until a pass leaves the compilers idle for 98 % of it, at
     * most {@link #SETTLE_PASSES} passes. A node whose code is still being compiled spends a core on the compiler, and
     * a round measured then measures the compiler.
     */
    static void warmUp(Variant variant, BenchmarkNode node, List<String> workloads,
            Map<SessionShape, List<String>> cookies, Settings settings) throws IOException, InterruptedException {
        int threads = settings.threads().get(0);
        for (Map.Entry<SessionShape, List<String>> size : cookies.entrySet()) {
            for (String workload : workloads) {
                Wrk.run(node.port, workload, size.getKey(), size.getValue(), settings.jitWarmUp(),
                        settings.connections(), threads);
            }
        }
        for (int pass = 1; pass <= SETTLE_PASSES; pass++) {
            long before = node.jitMillis();
            for (Map.Entry<SessionShape, List<String>> size : cookies.entrySet()) {
                for (String workload : workloads) {
                    Wrk.run(node.port, workload, size.getKey(), size.getValue(), SETTLE_RUN, settings.connections(),
                            threads);
                }
            }
            long compiling = node.jitMillis() - before;
            long runs = (long) workloads.size() * cookies.size();
            if (compiling < SETTLE_RUN.toMillis() * runs / 50 || pass == SETTLE_PASSES) {
                System.err.printf(Locale.ROOT, "warm-up %-28s %d passes, the last compiled for %d ms%n",
                        variant.label, pass, compiling);
                return;
            }
        }
    }

    /** Creates {@code sessions} sessions of {@code size}; returns their cookies as {@code name=value}. */
    static List<String> setUp(BenchmarkNode node, Variant variant, SessionShape size, int sessions) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.port + "/setup?size=" + size.label)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException(
                    "no session cookie from /setup: " + response.statusCode() + " " + response.body())).split(";", 2)[0];
            if (!cookie.startsWith(variant.cookieName + "=")) {
                throw new IllegalStateException("unexpected cookie " + cookie.split("=")[0]);
            }
            cookies.add(variant.nearCache ? withToken(client, node, variant, size, cookie) : cookie);
        }
        return cookies;
    }

    /**
     * The session cookie plus the near cache's token cookie ({@code <name>_v}), which a read hands out (the creating
     * write cleared it): without the token every request would load from the store.
     */
    private static String withToken(HttpClient client, BenchmarkNode node, Variant variant, SessionShape size,
            String cookie) throws Exception {
        HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port
                + "/read?size=" + size.label)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        String token = read.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .filter(c -> c.startsWith(variant.cookieName + "_v=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no near-cache token from /read: " + read.statusCode()));
        return cookie + "; " + token;
    }
}
