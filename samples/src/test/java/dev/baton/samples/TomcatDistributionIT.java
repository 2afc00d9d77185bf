/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6, in a real Tomcat: the distribution from Maven Central as two {@code CATALINA_BASE}s, each with Baton's
 * drop-in jar in {@code lib/} and the one {@code <Manager>} line in {@code conf/context.xml}, each serving the shop's
 * WAR unchanged (its filter steps aside). A shopper alternates between the two; one is killed with SIGKILL; the
 * other serves the shopper, still signed in, with the whole cart.
 */
class TomcatDistributionIT {

    private static Path property(String name) {
        Path path = Path.of(System.getProperty(name, "(unset: run by ./mvnw verify)"));
        assertThat(path).as("%s, prepared by the build", name).exists();
        return path;
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void managerWhenOneTomcatIsKilledThenTheOtherServesTheSameSignedInCart() throws Exception {
        // Given two Tomcats on one Redis, a unique key prefix for this run
        Path home = property("tomcat.home");
        Path runDir = Files.createDirectories(Path.of("target", "tomcat-bases", UUID.randomUUID().toString()))
                .toAbsolutePath();
        String managerLine = "<Manager className=\"dev.baton.tomcat.BatonSessionManager\" store=\""
                + TestServices.redisUri() + "\" keyPrefix=\"baton-it-" + runDir.getFileName() + ":\"/>";
        try (TomcatInstance a = TomcatInstance.create("tomcat-a", home, runDir, property("tomcat.dropInJar"),
                managerLine, property("shop.war"));
                TomcatInstance b = TomcatInstance.create("tomcat-b", home, runDir, property("tomcat.dropInJar"),
                        managerLine, property("shop.war"))) {
            a.start();
            b.start();
            long healthyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            a.awaitHealthy(healthyBy);
            b.awaitHealthy(healthyBy);
            assertThat(List.of(a.command(), b.command())).as("catalina.sh execs the JVM that SIGKILL must hit")
                    .allMatch(command -> command.endsWith("/java"));
            ShopClient shopper = new ShopClient();

            // When the shopper signs in on one and fills the cart alternating between the two
            HttpResponse<String> signedIn = shopper.post(a.url("/login"), "user=alice");
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/shop/catalog"));
            String cart = "";
            List<String> skus = List.of("tea", "mug", "tea", "beans", "kettle", "tea");
            for (int i = 0; i < skus.size(); i++) {
                TomcatInstance node = i % 2 == 0 ? b : a;
                cart = shopper.post(node.url("/api/cart/add"), "sku=" + skus.get(i)).body();
            }
            assertThat(cart).isEqualTo("tea=3,mug=1,beans=1,kettle=1");
            // Tomcat's cookie, set by Baton's manager, not the filter's; with it the near cache's version token
            assertThat(shopper.cookieNames()).containsExactlyInAnyOrder("JSESSIONID", "JSESSIONID_v");
            // and the one that served the last request dies
            a.kill();

            // Then the other still knows the shopper and the whole cart, and goes on from there
            assertThat(shopper.get(b.url("/api/whoami")).body()).isEqualTo("alice");
            assertThat(shopper.get(b.url("/api/cart")).body()).isEqualTo("tea=3,mug=1,beans=1,kettle=1");
            assertThat(shopper.post(b.url("/api/cart/add"), "sku=mug").body())
                    .isEqualTo("tea=3,mug=2,beans=1,kettle=1");
            assertThat(shopper.get(b.url("/cart")).body()).contains("Served by <b>tomcat-b</b>")
                    .contains("signed in as <b>alice</b>");
            assertThat(b.console()).contains("the filter steps aside");
            assertThat(shopper.post(b.url("/logout"), "").statusCode()).isEqualTo(302);
        }
    }
}
