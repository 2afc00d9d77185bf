/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStoreUnavailableException;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

class StoreOutagesTest {

    private final SessionStoreUnavailableException outage = new SessionStoreUnavailableException("load",
            "redis://127.0.0.1:6379", 500, null, "timed out", null);

    @Test
    void findWhenOutageIsWrappedThenFindsIt() {
        Throwable wrapped = new ServletException(new IllegalStateException("app", outage));

        assertThat(StoreOutages.find(wrapped)).isSameAs(outage);
    }

    @Test
    void findWhenFailureIsNoOutageThenNull() {
        assertThat(StoreOutages.find(new IllegalStateException("app"))).isNull();
        assertThat(StoreOutages.find(new SessionStoreException("save", "memory:", 0, null, "bad", null))).isNull();
        assertThat(StoreOutages.find(null)).isNull();
    }
}
