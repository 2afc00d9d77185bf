/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.LockedLoad;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.StoreContext;
import dev.baton.core.StoredSession;
import dev.baton.jdbc.testing.CountingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL a store runs on one database: round trips per operation (statements executed plus commits and rollbacks,
 * counted around the data source, as docs/jdbc-store.md lists them), what a creation over a stored session leaves,
 * and what the store needs of the schema. Each database adds a few lines: its URL, a data source and its counts.
 */
abstract class JdbcStatements {

    /** The store's JDBC URL. */
    protected abstract String url();

    /** Plain (unpooled) connections to the same database. */
    protected abstract DataSource dataSource() throws SQLException;

    /**
     * Round trips of each operation on this database: {@code load}, {@code create} (two attributes), {@code delta}
     * (one attribute set, one removed), {@code touch} (metadata only), {@code gone} (a delta of a deleted session),
     * {@code delete}, {@code changeId}, {@code reapExpired} (two expired sessions), {@code reapExpired, none}.
     */
    protected abstract Map<String, Integer> expectedRoundTrips();

    /** The DDL resource the store's messages name, such as {@code schema-h2.sql}. */
    protected abstract String ddlResource();

    /** Whether the store creates its tables when {@code createSchema} is not set. */
    protected abstract boolean createsSchemaByDefault();

    /** The test's own tables. */
    protected final String table = "baton_st_" + Long.toHexString(System.nanoTime());
    private static final SessionIds IDS = SessionIds.create();
    private CountingDataSource counting;
    private JdbcSessionStore store;

    @BeforeEach
    final void open() throws SQLException {
        counting = new CountingDataSource(dataSource());
        store = openStore(table, Map.of("createSchema", "true"));
    }

    @AfterEach
    final void drop() throws SQLException {
        store.close();
        try (Connection connection = counting.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + table + "_counters");
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** The store under test, on the counted data source. */
    protected final JdbcSessionStore store() {
        return store;
    }

    private JdbcSessionStore openStore(String tableName, Map<String, String> settings) {
        BatonConfig.Builder config = BatonConfig.builder().store(url()).set("tableName", tableName);
        settings.forEach(config::set);
        return new JdbcSessionStore(new StoreContext(config.build(), Clock.systemUTC()), counting);
    }

    /** A change of the session with the given attributes, expiring in 30 minutes. */
    protected static SessionChange change(SessionChange.Kind kind, String id, Map<String, byte[]> set,
            Set<String> removed) {
        return change(kind, id, set, removed, Instant.now().plus(Duration.ofMinutes(30)));
    }

    private static SessionChange change(SessionChange.Kind kind, String id, Map<String, byte[]> set,
            Set<String> removed, Instant expiresAt) {
        Instant now = Instant.now();
        return new SessionChange(kind, id, now, now, now, Duration.ofMinutes(30), expiresAt, null, set, removed);
    }

    private int roundTrips(Supplier<?> operation) {
        counting.reset();
        operation.get();
        return counting.roundTrips();
    }

    @Test
    void operationsWhenCountedThenRoundTripsAreAsDocumented() {
        String id = IDS.next();
        Map<String, Integer> counted = new LinkedHashMap<>();

        counted.put("create", roundTrips(() -> store.save(change(SessionChange.Kind.CREATE, id,
                Map.of("a", new byte[] {1}, "b", new byte[] {2}), Set.of()))));
        counted.put("load", roundTrips(() -> store.load(id).orElseThrow()));
        counted.put("delta", roundTrips(() -> store.save(change(SessionChange.Kind.UPDATE, id,
                Map.of("a", new byte[] {3}), Set.of("b")))));
        counted.put("touch", roundTrips(() -> store.save(change(SessionChange.Kind.UPDATE, id, Map.of(),
                Set.of()))));
        LockedLoad[] lock = {null};
        counted.put("loadLocked", roundTrips(() -> lock[0] = store.loadLocked(id, "owner", Instant.now(),
                Duration.ofSeconds(30))));
        long fence = ((LockedLoad.Acquired) lock[0]).fence();
        counted.put("fenced delta", roundTrips(() -> store.save(change(SessionChange.Kind.UPDATE, id,
                Map.of("a", new byte[] {6}), Set.of()).withFence(fence))));
        store.loadLocked(id, "reader", Instant.now(), Duration.ofSeconds(30));
        counted.put("unlock", roundTrips(() -> {
            store.unlock(id, fence + 1);
            return null;
        }));
        String newId = IDS.next();
        counted.put("changeId", roundTrips(() -> store.changeId(id, newId)));
        counted.put("delete", roundTrips(() -> store.delete(newId)));
        counted.put("gone", roundTrips(() -> store.save(change(SessionChange.Kind.UPDATE, newId,
                Map.of("a", new byte[] {4}), Set.of()))));
        Instant past = Instant.now().minusSeconds(60);
        for (int i = 0; i < 2; i++) {
            store.save(change(SessionChange.Kind.CREATE, IDS.next(), Map.of("a", new byte[] {5}), Set.of(), past));
        }
        counted.put("reapExpired", roundTrips(() -> store.reapExpired(Instant.now(), 10)));
        counted.put("reapExpired, none", roundTrips(() -> store.reapExpired(Instant.now(), 10)));

        assertThat(counted).containsExactlyInAnyOrderEntriesOf(expectedRoundTrips());
        assertThat(store.load(newId)).isEmpty();
    }

    @Test
    void saveWhenCreateReplacesAStoredSessionThenOnlyTheNewMetadataAndAttributesRemain() {
        String id = IDS.next();
        Instant then = Instant.now().minusSeconds(600);
        store.save(new SessionChange(SessionChange.Kind.CREATE, id, then, then, then, Duration.ofMinutes(5),
                then.plus(Duration.ofHours(1)), "alice", Map.of("a", new byte[] {1}, "b", new byte[] {2}), Set.of()));
        store.save(change(SessionChange.Kind.UPDATE, id, Map.of("c", new byte[] {3}), Set.of()));

        assertThat(store.save(change(SessionChange.Kind.CREATE, id, Map.of("a", new byte[] {9}), Set.of())))
                .isEqualTo(SaveResult.SAVED);

        StoredSession session = store.load(id).orElseThrow();
        assertThat(session.attributes()).containsOnlyKeys("a");
        assertThat(session.attributes().get("a")).containsExactly(9);
        assertThat(session.principal()).isNull();
        assertThat(session.maxInactive()).isEqualTo(Duration.ofMinutes(30));
        assertThat(session.created()).isAfter(then);
        assertThat(session.version()).isEqualTo(1);
    }

    @Test
    void constructorWhenTablesAreMissingAndCreateSchemaIsFalseThenTheMessageSaysWhichDdlToRun() {
        String missing = table + "_missing";

        assertThatThrownBy(() -> openStore(missing, Map.of("createSchema", "false")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Table " + missing + " is missing or unreadable in ")
                .hasMessageContaining(": run the DDL in the baton-jdbc-store jar, dev/baton/jdbc/" + ddlResource()
                        + " (also in docs/jdbc-store.md), with ${table} replaced by " + missing
                        + ", or set createSchema=true. The database said: ");
    }

    @Test
    void constructorWhenCreateSchemaIsNotSetThenTablesAreCreatedOnlyWhereThatIsTheDefault() throws SQLException {
        String fresh = table + "_default";
        try {
            if (createsSchemaByDefault()) {
                try (JdbcSessionStore created = openStore(fresh, Map.of())) {
                    String id = IDS.next();
                    created.save(change(SessionChange.Kind.CREATE, id, Map.of("a", new byte[] {1}), Set.of()));
                    assertThat(created.load(id)).isPresent();
                }
            } else {
                assertThatThrownBy(() -> openStore(fresh, Map.of())).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Table " + fresh + " is missing");
            }
        } finally {
            try (Connection connection = counting.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + fresh + "_attributes");
                statement.execute("DROP TABLE IF EXISTS " + fresh + "_counters");
                statement.execute("DROP TABLE IF EXISTS " + fresh);
            }
        }
    }
}
