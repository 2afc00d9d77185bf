package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.jdbc.testing.PrivatePostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A private PostgreSQL stopped and started again under a live store. */
class PostgresRestartIT {

    private static SessionChange create(String id) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("cart", id.getBytes()), Set.of());
    }

    @Test
    void saveWhenDatabaseRestartsThenFailsFastMeanwhileAndKeepsEverySessionWrittenBefore() {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            BatonConfig config = BatonConfig.builder().store(postgres.url()).set("storeTimeout", "1s")
                    .set("createSchema", "true").set("poolSize", "4").build();
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader())) {
                SessionIds ids = SessionIds.create();
                List<String> before = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String id = ids.next();
                    assertThat(store.save(create(id))).isEqualTo(SaveResult.SAVED);
                    before.add(id);
                }

                postgres.stopNow();

                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> store.save(create(ids.next())))
                            .isInstanceOf(SessionStoreUnavailableException.class)
                            .hasMessageContaining("127.0.0.1:" + postgres.port);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
                }

                postgres.startServer();

                String after = ids.next();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> store.save(create(after)) == SaveResult.SAVED);
                for (String id : before) {
                    assertThat(store.load(id)).as("session written before the outage").isPresent();
                }
                assertThat(store.load(after)).isPresent();
            }
        }
    }
}
