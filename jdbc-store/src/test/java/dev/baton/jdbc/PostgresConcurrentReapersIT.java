/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.core.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Four nodes' reapers against one PostgreSQL with 10,000 expired sessions: each is reaped exactly once. */
class PostgresConcurrentReapersIT {

    @Test
    void reapExpiredWhenFourNodesReapTenThousandSessionsThenEachIsClaimedOnce() throws Exception {
        String url = TestServices.postgresUrl();
        String table = "baton_reap_" + Long.toHexString(System.nanoTime());
        BatonConfig config = BatonConfig.builder().store(url).set("tableName", table).set("createSchema", "true")
                .build();
        List<SessionStore> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(SessionStores.open(new StoreContext(config, Clock.systemUTC()), getClass().getClassLoader()));
        }
        Set<String> expired = new HashSet<>();
        long past = Instant.now().minusSeconds(60).toEpochMilli();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (PreparedStatement session = connection.prepareStatement("INSERT INTO " + table
                    + " (id, created, last_access, max_inactive, expires_at, principal, version) "
                    + "VALUES (?, ?, ?, 1800000, ?, NULL, 1)");
                    PreparedStatement attribute = connection.prepareStatement("INSERT INTO " + table
                            + "_attributes (session_id, name, bytes) VALUES (?, 'user', ?)")) {
                SessionIds ids = SessionIds.create();
                for (int i = 0; i < 10_000; i++) {
                    String id = ids.next();
                    expired.add(id);
                    session.setString(1, id);
                    session.setLong(2, past - 1_800_000);
                    session.setLong(3, past - 1_800_000);
                    session.setLong(4, past);
                    session.addBatch();
                    attribute.setString(1, id);
                    attribute.setBytes(2, id.getBytes());
                    attribute.addBatch();
                }
                session.executeBatch();
                attribute.executeBatch();
            }
            connection.commit();
        }
        Map<String, Integer> claims = new ConcurrentHashMap<>();
        Set<String> wrongAttributes = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> reapers = new ArrayList<>();
            for (SessionStore node : nodes) {
                reapers.add(pool.submit(() -> {
                    List<StoredSession> batch;
                    do {
                        batch = node.reapExpired(Instant.now(), 100);
                        for (StoredSession session : batch) {
                            claims.merge(session.id(), 1, Integer::sum);
                            if (!new String(session.attributes().get("user")).equals(session.id())) {
                                wrongAttributes.add(session.id());
                            }
                        }
                    } while (!batch.isEmpty());
                    return null;
                }));
            }
            for (Future<?> reaper : reapers) {
                reaper.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            nodes.forEach(SessionStore::close);
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
                statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }

        assertThat(claims).hasSize(10_000);
        assertThat(claims.keySet()).isEqualTo(expired);
        assertThat(claims.values()).allMatch(count -> count == 1);
        assertThat(wrongAttributes).isEmpty();
    }
}
