/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.spring.boot.testapp.ShopApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One node: {@link ShopApp} on a real embedded Tomcat at a free port, configured by command-line arguments. */
final class BootNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private BootNode(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /**
     * Starts a node.
     *
     * @param properties {@code name=value} pairs, passed as {@code --name=value}
     * @return the running node
     */
    static BootNode start(String... properties) {
        return start(ShopApp.class, properties);
    }

    /**
     * Starts a node of an app.
     *
     * @param app the app's {@code @SpringBootApplication} class
     * @param properties {@code name=value} pairs, passed as {@code --name=value}
     * @return the running node
     */
    static BootNode start(Class<?> app, String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new BootNode(new SpringApplicationBuilder(app).run(args.toArray(String[]::new)));
    }

    /** A client with its own cookies, which it sends to every node (cookies are not bound to ports). */
    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    HttpResponse<String> get(HttpClient client, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return send(client, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form ({@code application/x-www-form-urlencoded}), following no redirect. */
    HttpResponse<String> post(HttpClient client, String path, String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build();
        return send(client, request);
    }

    @Override
    public void close() {
        context.close();
    }
}
