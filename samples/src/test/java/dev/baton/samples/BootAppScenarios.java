/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19, end to end: the Spring Boot shop ({@code dev.baton.samples.boot}) as the sample cluster runs it with
 * {@code --app boot}, two node JVMs on one store, every request of a browser going to the other node than the last.
 * Each node's only Baton setting is {@code baton.store}, in the {@code application.properties} that the README's
 * Spring Boot snippet gives (its example store replaced by the store under test): no codec, no allowed classes, no
 * lock. Spring Security's form login with the return to the page that asked for it, its CSRF tokens, the
 * session-scoped cart and logout all work, and 200 adds to the cart alternating between the nodes lose none.
 * The two nodes serve every test of a subclass; each test has its own browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class BootAppScenarios {

    private Cluster cluster;
    private String[] nodes;

    /** The store URI under test, made ready for an app that sets nothing else. */
    abstract String store() throws Exception;

    /** Frees what {@link #store()} made. */
    abstract void dropStore() throws Exception;

    @BeforeAll
    void startTwoBootNodes() throws Exception {
        String store = store();
        String properties = ReadmeSnippet.withStore("boot-application-properties", store);
        assertThat(properties.strip()).as("the README's snippet sets the store and nothing else")
                .isEqualTo("baton.store=" + store);
        cluster = Cluster.start(2, Cluster.freePort(), store, "filter", Balancer.Kind.JETTY, App.BOOT, properties);
        nodes = new String[] {"http://127.0.0.1:" + cluster.node(0).port, "http://127.0.0.1:" + cluster.node(1).port};
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (cluster != null) {
                String logs = Files.readString(cluster.node(0).logFile()) + Files.readString(cluster.node(1).logFile());
                cluster.close();
                // slf4j-simple's levels (Spring, Baton), and java.util.logging's (Tomcat: a servlet's failure)
                assertThat(logs).as("the nodes' logs").doesNotContain(" ERROR ").doesNotContain(" WARN dev.baton")
                        .doesNotContain("SEVERE");
            }
        } finally {
            dropStore();
        }
    }

    /** A browser whose every request goes to the other node than its last one. */
    private final class Browser {
        private final ShopClient client = new ShopClient();
        private int next;

        private String node() {
            return nodes[next++ % 2];
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.get(node() + path);
        }

        HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
            return client.post(node() + path, form);
        }

        /** Signs {@code user} in, through a page that needs it, and returns that page. */
        String signIn(String user) throws IOException, InterruptedException {
            assertThat(location(get("/account"))).as("a page that needs a login sends to the form")
                    .endsWith("/login");
            HttpResponse<String> form = get("/login");
            assertThat(form.statusCode()).isEqualTo(200);
            String back = location(post("/login", "username=" + user + "&password=baton&_csrf="
                    + encode(App.csrfToken(form.body()))));
            assertThat(back).as("the login returns to the page that asked for it").endsWith("/account?continue");
            HttpResponse<String> account = get(URI.create(back).getRawPath() + "?continue");
            assertThat(account.statusCode()).isEqualTo(200);
            return account.body();
        }

        /** A CSRF token of the signed-in session, from a page of the next node. */
        String csrf() throws IOException, InterruptedException {
            HttpResponse<String> token = get("/api/csrf");
            assertThat(token.statusCode()).isEqualTo(200);
            return encode(token.body());
        }
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s", response.request().method(), response.uri()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void loginWhenAPageAsksForItThenTheLoginOnTheOtherNodeReturnsThere() throws Exception {
        Browser browser = new Browser();

        String account = browser.signIn("alice");

        assertThat(account).contains("signed in as <b>alice</b>").contains("Your cart is empty");
        assertThat(browser.get("/api/whoami").body()).isEqualTo("alice");
        assertThat(browser.get("/").body()).contains("signed in as <b>alice</b>");
    }

    @Test
    void postWhenItCarriesTheCsrfTokenOfTheOtherNodesPageThenItIsAcceptedAndWithoutThenRefused() throws Exception {
        Browser browser = new Browser();
        browser.signIn("bob");
        String token = App.csrfToken(browser.get("/account").body());

        HttpResponse<String> forged = browser.post("/cart/add", "sku=tea");
        HttpResponse<String> added = browser.post("/cart/add", "sku=tea&_csrf=" + encode(token));

        assertThat(forged.statusCode()).as("a POST without the token").isEqualTo(403);
        assertThat(location(added)).endsWith("/account");
        assertThat(browser.get("/account").body()).contains("Green tea, 100 g").contains("Total</td><td>6.50");
        assertThat(browser.get("/api/cart").body()).isEqualTo("tea=1");
    }

    @Test
    void cartWhen200AddsAlternateBetweenTheNodesThenNoneIsLost() throws Exception {
        Browser browser = new Browser();
        browser.signIn("carol");
        String csrf = browser.csrf();

        for (int i = 1; i <= 200; i++) {
            HttpResponse<String> added = browser.post("/api/cart/add", "sku=tea&_csrf=" + csrf);
            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(added.body()).as("add %d of 200", i).isEqualTo("tea=" + i);
        }

        assertThat(browser.get("/api/cart").body()).isEqualTo("tea=200");
        assertThat(browser.get("/api/cart").body()).isEqualTo("tea=200");
    }

    @Test
    void logoutWhenPostedOnOneNodeThenTheOtherAsksForALoginAgain() throws Exception {
        Browser browser = new Browser();
        browser.signIn("dave");
        browser.post("/api/cart/add", "sku=mug&_csrf=" + browser.csrf());

        assertThat(location(browser.post("/logout", "_csrf=" + browser.csrf()))).endsWith("/login?logout");

        assertThat(location(browser.get("/account"))).endsWith("/login");
        assertThat(browser.get("/api/whoami").statusCode()).isEqualTo(401);
        assertThat(browser.get("/api/cart").statusCode()).isEqualTo(401);
        String again = browser.signIn("dave");
        assertThat(again).as("a new session: the old cart went with the logout").contains("Your cart is empty");
    }
}
