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

/** Waits, bounded, until a URL answers 200, and fails early when the process that should answer is gone. */
final class HealthProbe {

    private static final Duration POLL = Duration.ofMillis(100);

    /** Checks that the process that should answer still runs. */
    interface Liveness {
        /**
         * @throws IOException when the process is gone, with what it said
         */
        void check() throws IOException;
    }

    private HealthProbe() {
    }

    /**
     * Returns once {@code url} answers 200.
     *
     * @param what who should answer, for the message
     * @param url the URL to ask
     * @param limit how long it may take
     * @param liveness asked before each try
     * @throws IOException when the process is gone, or no 200 came within {@code limit}
     * @throws InterruptedException when interrupted while waiting
     */
    static void await(String what, URI url, Duration limit, Liveness liveness)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            liveness.check();
            try {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(NodeHealth.TIMEOUT).build();
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(POLL.toMillis());
        }
        liveness.check();
        throw new IOException(what + " did not answer 200 on " + url + " within " + limit.toSeconds() + " s");
    }
}
