/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.redis.testing.RedisServers;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a node running {@link ProbeServlet} answers while its private Redis is down, and once it is back. */
public final class StoreOutage {

    private StoreOutage() {
    }

    /**
     * Asserts that a request that needs its session gets 503 with {@code Retry-After} and one that doesn't gets 200;
     * then starts Redis again and asserts that sessions work, with no restart of the node.
     *
     * @param node the node, whose store is {@code redis}
     * @param redis the store's server, stopped
     */
    public static void assert503UntilRedisIsBack(Node node, RedisServers.Server redis) {
        Browser browser = new Browser();

        HttpResponse<String> down = browser.get(node, "/set?name=a&value=1");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).contains("1");
        assertThat(browser.get(node, "/noop").statusCode()).as("no session, no store").isEqualTo(200);

        redis.restart();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> browser.get(node, "/set?name=a&value=1").statusCode() == 200);
        assertThat(browser.get(node, "/get?name=a").body()).isEqualTo("1");
    }
}
