/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The store's own pool on an in-process H2: H2's read timeout, and a URL that sets its own. */
class JdbcPoolTest {

    private static SessionStore open(String url) {
        BatonConfig config = BatonConfig.builder().store(url).set("storeTimeout", "1500ms").build();
        return SessionStores.open(new StoreContext(config, Clock.systemUTC()), JdbcPoolTest.class.getClassLoader());
    }

    @Test
    void openWhenH2UrlSetsNoNetworkTimeoutThenReadsAreBoundedByStoreTimeoutPlusTheGrace() {
        try (SessionStore store = open("jdbc:h2:mem:baton_pool_default;DB_CLOSE_DELAY=-1")) {
            store.ping();
        }

        assertThat(JdbcPool.config(new StoreContext(BatonConfig.builder().store("jdbc:h2:mem:x")
                .set("storeTimeout", "1500ms").build(), Clock.systemUTC())).getDataSourceProperties())
                .containsEntry("NETWORK_TIMEOUT", "1750");
    }

    @Test
    void openWhenH2UrlSetsItsOwnNetworkTimeoutThenThatOneStandsAndTheStoreOpens() {
        String url = "jdbc:h2:mem:baton_pool_own;network_timeout=5000;DB_CLOSE_DELAY=-1";

        try (SessionStore store = open(url)) {
            store.ping();
        }

        assertThat(JdbcPool.config(new StoreContext(BatonConfig.builder().store(url).build(), Clock.systemUTC()))
                .getDataSourceProperties()).doesNotContainKey("NETWORK_TIMEOUT");
    }
}
