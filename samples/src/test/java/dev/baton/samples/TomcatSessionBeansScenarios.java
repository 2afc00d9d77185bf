/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.samples.beans.BeansServlet;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19, in a stock Tomcat: the distribution the build unpacked, as two {@code CATALINA_BASE}s with Baton's
 * drop-in jar in {@code lib/} and, in {@code conf/context.xml}, the README's {@code <Manager>} line (its example
 * store replaced by the store under test, nothing else set), each serving {@code baton-beans.war}: Tomcat's FORM
 * login (users in {@code conf/tomcat-users.xml}) and session beans as apps write them ({@code Wallet}: no no-arg
 * constructor, a {@code Random}, an {@code AtomicLong}, a {@code BigDecimal}, {@code java.time}; {@code Notebook}:
 * not Serializable). Every request goes to the other Tomcat than the last. The two Tomcats serve every test of a
 * subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class TomcatSessionBeansScenarios {

    private static final String USERS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
              <role rolename="user"/>
              <user username="alice" password="alice-secret" roles="user"/>
              <user username="bob" password="bob-secret" roles="user"/>
            </tomcat-users>
            """;

    private TomcatInstance[] tomcats;

    /** The store URI under test, made ready for a manager that sets nothing else. */
    abstract String store() throws Exception;

    /** Frees what {@link #store()} made. */
    abstract void dropStore() throws Exception;

    private static Path property(String name) {
        Path path = Path.of(System.getProperty(name, "(unset: run by ./mvnw verify)"));
        assertThat(path).as("%s, prepared by the build", name).exists();
        return path;
    }

    @BeforeAll
    void startTwoTomcats() throws Exception {
        String store = store();
        String managerLine = ReadmeSnippet.withStore("tomcat-context-xml", store).strip();
        assertThat(managerLine).as("the README's line sets the store and nothing else").isEqualTo(
                "<Manager className=\"dev.baton.tomcat.BatonSessionManager\" store=\"" + store + "\"/>");
        Path runDir = Files.createDirectories(Path.of("target", "tomcat-bases", UUID.randomUUID().toString()))
                .toAbsolutePath();
        tomcats = new TomcatInstance[2];
        long healthyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < 2; i++) {
            tomcats[i] = TomcatInstance.create("tomcat-" + (char) ('a' + i), property("tomcat.home"), runDir,
                    property("tomcat.dropInJar"), managerLine, Map.of("beans", property("beans.war")));
            tomcats[i].writeConf("tomcat-users.xml", USERS);
            tomcats[i].start();
        }
        for (TomcatInstance tomcat : tomcats) {
            tomcat.awaitHealthy(healthyBy, tomcat.url("beans", "/health"));
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (tomcats != null) {
                for (TomcatInstance tomcat : tomcats) {
                    if (tomcat != null) {
                        tomcat.close();
                        assertThat(tomcat.logs()).as("%s's logs", tomcat).doesNotContain("SEVERE")
                                .doesNotContain("WARNING [");
                    }
                }
            }
        } finally {
            dropStore();
        }
    }

    /** A browser whose every request goes to the other Tomcat than its last one. */
    private final class Browser {
        private final ShopClient client = new ShopClient();
        private int next;

        private String url(String path) {
            return tomcats[next++ % 2].url("beans", path);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.get(url(path));
        }

        HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
            return client.post(url(path), form);
        }

        /** Asks for the wallet, gets the login form, signs in on the other Tomcat, and gets the wallet. */
        String signIn(String user) throws IOException, InterruptedException {
            HttpResponse<String> form = get("/secure/wallet");
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).as("Tomcat's FORM login page").contains("j_security_check");
            HttpResponse<String> login = post("/j_security_check",
                    "j_username=" + user + "&j_password=" + user + "-secret");
            assertThat(login.statusCode()).as("the login's redirect").isIn(302, 303);
            assertThat(login.headers().firstValue("Location")).as("back to the page that asked")
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/beans/secure/wallet"));
            HttpResponse<String> wallet = get("/secure/wallet");
            assertThat(wallet.statusCode()).isEqualTo(200);
            return wallet.body();
        }
    }

    @Test
    void formLoginWhenTheFormAndTheLoginAreServedByDifferentTomcatsThenItReturnsToTheWallet() throws Exception {
        Browser browser = new Browser();

        String wallet = browser.signIn("alice");

        assertThat(wallet).startsWith("owner=alice balance=0.00 deposits=0 opened=");
        assertThat(browser.get("/secure/wallet").body()).as("the same wallet, opened once").isEqualTo(wallet);
    }

    @Test
    void walletWhenChangedOnAlternatingTomcatsThenItsJdkTypesKeepEveryChange() throws Exception {
        Browser browser = new Browser();
        String opened = browser.signIn("bob").replaceFirst(".* opened=", "");
        Random expected = new Random(BeansServlet.LOTTERY_SEED);

        for (int i = 1; i <= 20; i++) {
            HttpResponse<String> deposit = browser.post("/secure/deposit", "amount=0.10");
            assertThat(deposit.statusCode()).isEqualTo(200);
            BigDecimal balance = new BigDecimal("0.10").multiply(BigDecimal.valueOf(i));
            assertThat(deposit.body()).as("deposit %d", i)
                    .startsWith("owner=bob balance=" + balance + " deposits=" + i + " ");
            assertThat(browser.post("/secure/draw", "").body()).as("the lottery's Random goes on where it was")
                    .isEqualTo(Integer.toString(expected.nextInt(1000)));
        }

        assertThat(browser.get("/secure/wallet").body()).isEqualTo("owner=bob balance=2.00 deposits=20 opened="
                + opened);
    }

    @Test
    void notebookWhenNotSerializableThenItIsKeptAcrossTomcatsAllTheSame() throws Exception {
        Browser browser = new Browser();
        browser.signIn("alice");

        browser.post("/secure/note", "text=one");
        browser.post("/secure/note", "text=two");
        HttpResponse<String> third = browser.post("/secure/note", "text=three");

        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).startsWith("one|two|three @");
    }

    @Test
    void logoutWhenTheSessionIsInvalidatedOnOneTomcatThenTheOtherAsksForTheLoginAgain() throws Exception {
        Browser browser = new Browser();
        browser.signIn("bob");
        browser.post("/secure/deposit", "amount=5.00");

        assertThat(browser.post("/secure/logout", "").body()).isEqualTo("signed out");

        HttpResponse<String> after = browser.get("/secure/wallet");
        assertThat(after.body()).as("the login form again").contains("j_security_check");
        assertThat(browser.signIn("bob")).as("a new session, a new wallet").contains("balance=0.00 deposits=0 ");
    }
}
