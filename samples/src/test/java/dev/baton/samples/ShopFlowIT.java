/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shop's pages as a person clicks through them, through the round-robin balancer of a two-node cluster, so that
 * consecutive requests land on different nodes: sign in, add, change a quantity, remove, check out, sign out. Once
 * behind each balancer, chosen explicitly: the HAProxy run fails, saying how to install it, where it is missing.
 * The first request goes out as soon as the cluster is started (issue 26: HAProxy was announced before it listened).
 */
class ShopFlowIT {

    private static final Pattern SERVED_BY = Pattern.compile("Served by <b>([^<]+)</b>");

    private final Set<String> nodesSeen = new TreeSet<>();

    /** A page; records which node served it. */
    private String page(ShopClient browser, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = browser.get(url);
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        Matcher servedBy = SERVED_BY.matcher(response.body());
        assertThat(servedBy.find()).as("the page names its node").isTrue();
        nodesSeen.add(servedBy.group(1));
        return response.body();
    }

    /** A form post that redirects, as the shop's forms do; returns where to. */
    private static String submit(ShopClient browser, String url, String form)
            throws IOException, InterruptedException {
        HttpResponse<String> response = browser.post(url, form);
        assertThat(response.statusCode()).as("POST %s %s", url, form).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Balancer.Kind.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shopWhenClickedThroughAcrossNodesThenEveryStepSeesTheLastOne(Balancer.Kind balancer) throws Exception {
        try (Cluster cluster = Cluster.start(2, Cluster.freePort(), null, "filter", balancer)) {
            String shop = cluster.url();
            ShopClient browser = new ShopClient();

            // Sign in
            assertThat(page(browser, shop + "/login")).contains("<form method=\"post\" action=\"login\">");
            assertThat(submit(browser, shop + "/login", "user=bob")).endsWith("/catalog");
            assertThat(page(browser, shop + "/catalog")).contains("signed in as <b>bob</b>")
                    .contains("<input type=\"hidden\" name=\"sku\" value=\"tea\"><button>Add to cart</button>");

            // Add
            assertThat(submit(browser, shop + "/cart/add", "sku=tea")).endsWith("/cart");
            assertThat(submit(browser, shop + "/cart/add", "sku=mug")).endsWith("/cart");
            String cart = page(browser, shop + "/cart");
            assertThat(cart).contains("Green tea, 100 g").contains("Stoneware mug").contains("Total</td><td>18.50");

            // Change quantity: the Change form
            assertThat(cart).contains("<input type=\"hidden\" name=\"sku\" value=\"tea\"><input name=\"quantity\"");
            assertThat(submit(browser, shop + "/cart/update", "sku=tea&quantity=3")).endsWith("/cart");
            assertThat(page(browser, shop + "/cart")).contains("Total</td><td>31.50");

            // Remove: the Remove form posts quantity 0
            assertThat(cart).contains("<input type=\"hidden\" name=\"sku\" value=\"mug\">"
                    + "<input type=\"hidden\" name=\"quantity\" value=\"0\"><button>Remove</button>");
            assertThat(submit(browser, shop + "/cart/update", "sku=mug&quantity=0")).endsWith("/cart");
            cart = page(browser, shop + "/cart");
            assertThat(cart).contains("Green tea, 100 g").doesNotContain("Stoneware mug")
                    .contains("Total</td><td>19.50");

            // Check out
            HttpResponse<String> order = browser.post(shop + "/checkout", "");
            assertThat(order.statusCode()).isEqualTo(200);
            assertThat(order.body()).contains("Order placed: tea=3");
            assertThat(page(browser, shop + "/cart")).contains("Your cart is empty");

            // Sign out: the cart is then out of reach
            assertThat(submit(browser, shop + "/logout", "")).endsWith("/login");
            HttpResponse<String> afterLogout = browser.get(shop + "/cart");
            assertThat(afterLogout.statusCode()).isEqualTo(302);
            assertThat(afterLogout.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/login"));
            assertThat(nodesSeen).as("pages served by both nodes").containsExactly("node-1", "node-2");

            // Operations: Baton's readiness check and its meters, on whichever node the balancer picks
            HttpResponse<String> health = browser.get(shop + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\",\"store\":").contains("\"latencyMs\":");
            HttpResponse<String> metrics = browser.get(shop + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("baton_session_creations_total{", "baton_store_calls_seconds_count{",
                    "operation=\"save\"");
        }
    }
}
