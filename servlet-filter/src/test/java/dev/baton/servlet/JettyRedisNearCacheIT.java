/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every two-node scenario with the near cache on: what an app sees is unchanged. */
class JettyRedisNearCacheIT extends JettyRedisStoreIT {

    @Override
    protected String nearCacheSize() {
        return "1MiB";
    }

    private int loadsAndSaves() {
        return firstStore.calls("load") + secondStore.calls("load") + firstStore.calls("save")
                + secondStore.calls("save");
    }

    @Test
    void readsWhenSessionUnchangedThenNoStoreCallOnEitherNode() {
        browser.get(first, "/set?name=color&value=red");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            firstStore.reset();
            secondStore.reset();
            browser.get(first, "/get?name=color");
            browser.get(second, "/get?name=color");
            return loadsAndSaves() == 0;
        });
        firstStore.reset();
        secondStore.reset();

        for (int i = 0; i < 100; i++) {
            assertThat(browser.get(i % 2 == 0 ? first : second, "/get?name=color").body()).isEqualTo("red");
        }

        assertThat(loadsAndSaves()).isZero();
        assertThat(browser.cookies()).containsKey("SESSION_v");
    }

    @Test
    void writeOnOneNodeWhenReadOnTheOtherThenNewValueIsSeen() {
        browser.get(first, "/set?name=n&value=0");
        for (int i = 1; i <= 100; i++) {
            browser.get(i % 2 == 0 ? first : second, "/set?name=n&value=" + i);
            assertThat(browser.get(i % 2 == 0 ? second : first, "/get?name=n").body()).isEqualTo("" + i);
            assertThat(browser.get(i % 2 == 0 ? first : second, "/get?name=n").body()).isEqualTo("" + i);
        }
    }
}
