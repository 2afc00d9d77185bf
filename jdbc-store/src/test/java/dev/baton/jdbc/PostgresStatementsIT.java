package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.TestServices;
import dev.baton.jdbc.testing.CountingDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Round trips per operation on PostgreSQL: statements executed plus commits, counted around the data source. */
class PostgresStatementsIT {

    private final String table = "baton_st_" + Long.toHexString(System.nanoTime());
    private CountingDataSource counting;
    private JdbcSessionStore store;

    @BeforeEach
    void open() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(TestServices.postgresUrl());
        counting = new CountingDataSource(postgres);
        BatonConfig config = BatonConfig.builder().store(TestServices.postgresUrl()).set("tableName", table)
                .set("createSchema", "true").build();
        store = new JdbcSessionStore(new StoreContext(config, Clock.systemUTC()), counting);
    }

    @AfterEach
    void drop() throws Exception {
        store.close();
        try (Connection connection = counting.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static SessionChange change(SessionChange.Kind kind, String id, Map<String, byte[]> set,
            Set<String> removed) {
        Instant now = Instant.now();
        return new SessionChange(kind, id, now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)),
                null, set, removed);
    }

    @Test
    void operationsWhenCountedThenLoadAndDeltaAreOneRoundTripEach() {
        String id = SessionIds.create().next();
        counting.reset();
        store.save(change(SessionChange.Kind.CREATE, id, Map.of("a", new byte[] {1}, "b", new byte[] {2}),
                Set.of()));
        int create = counting.roundTrips();

        counting.reset();
        assertThat(store.load(id)).isPresent();
        assertThat(counting.roundTrips()).as("load").isEqualTo(1);

        counting.reset();
        assertThat(store.save(change(SessionChange.Kind.UPDATE, id, Map.of("a", new byte[] {3}), Set.of("b"))))
                .isEqualTo(SaveResult.SAVED);
        assertThat(counting.roundTrips()).as("delta save").isEqualTo(1);

        counting.reset();
        assertThat(store.save(change(SessionChange.Kind.UPDATE, id, Map.of(), Set.of()))).isEqualTo(SaveResult.SAVED);
        assertThat(counting.roundTrips()).as("touch").isEqualTo(1);

        counting.reset();
        assertThat(store.delete(id)).isTrue();
        assertThat(counting.roundTrips()).as("delete").isEqualTo(1);

        counting.reset();
        assertThat(store.save(change(SessionChange.Kind.UPDATE, id, Map.of("a", new byte[] {4}), Set.of())))
                .isEqualTo(SaveResult.GONE);
        assertThat(counting.roundTrips()).as("gone").isEqualTo(1);
        assertThat(create).as("create").isEqualTo(1);
    }
}
