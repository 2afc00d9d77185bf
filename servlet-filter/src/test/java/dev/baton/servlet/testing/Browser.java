/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A client with its own cookie jar that talks to whichever node the test names, as a browser behind a non-sticky
 * balancer would: cookies are per host, so both nodes on 127.0.0.1 see the same cookies.
 */
public final class Browser {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** The cookies held now. */
    public synchronized Map<String, String> cookies() {
        return new LinkedHashMap<>(cookies);
    }

    /** Sets or replaces a cookie by hand. @param name its name @param value its value */
    public synchronized void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** GET {@code path} on {@code node}; the body as a string. @param node the node @param path the path */
    public HttpResponse<String> get(Node node, String path) {
        return send(node, path, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * GET, returning once the response's headers have arrived (the body may still be streaming), with cookies
     * already taken in.
     *
     * @param node the node
     * @param path the path
     * @return the response, whose body completes later
     */
    public HttpResponse<java.io.InputStream> getHeadersOnly(Node node, String path) {
        return send(node, path, HttpResponse.BodyHandlers.ofInputStream());
    }

    private <T> HttpResponse<T> send(Node node, String path, HttpResponse.BodyHandler<T> body) {
        try {
            HttpResponse<T> response = CLIENT.send(request(node, path), body);
            remember(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET without waiting. @param node the node @param path the path @return the future response */
    public CompletableFuture<HttpResponse<String>> getAsync(Node node, String path) {
        return CLIENT.sendAsync(request(node, path), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            remember(response);
            return response;
        });
    }

    private synchronized HttpRequest request(Node node, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                    .append(value));
            builder.header("Cookie", header.toString());
        }
        return builder.build();
    }

    private synchronized void remember(HttpResponse<?> response) {
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        for (String setCookie : setCookies) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty();
            for (String part : parts) {
                String attribute = part.trim().toLowerCase(java.util.Locale.ROOT);
                if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }
}
