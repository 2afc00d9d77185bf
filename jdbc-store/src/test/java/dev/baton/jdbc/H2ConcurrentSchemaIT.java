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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nodes that start at the same moment on a fresh H2 database all create the schema (createSchema is H2's default):
 * none fails because another created a table or index first (the sample cluster's three nodes did, "object already
 * exists").
 */
class H2ConcurrentSchemaIT {

    private static final int NODES = 4;
    private static final int ROUNDS = 10;

    @Test
    void openWhenNodesCreateTheSchemaAtOnceThenEveryOneOpens() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String uri = "jdbc:h2:mem:schema-race-" + round + ";DB_CLOSE_DELAY=-1";
                CountDownLatch start = new CountDownLatch(1);
                List<Future<SessionStore>> opened = new ArrayList<>();
                for (int node = 0; node < NODES; node++) {
                    opened.add(pool.submit(() -> {
                        start.await();
                        return SessionStores.open(new StoreContext(BatonConfig.builder().store(uri).build(),
                                Clock.systemUTC()), getClass().getClassLoader());
                    }));
                }
                start.countDown();
                for (Future<SessionStore> store : opened) {
                    SessionStore open = store.get(30, TimeUnit.SECONDS);
                    assertThat(open).isNotNull();
                    open.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
