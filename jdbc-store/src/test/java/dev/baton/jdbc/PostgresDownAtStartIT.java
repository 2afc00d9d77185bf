/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
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
import dev.baton.core.testing.StderrLog;
import dev.baton.jdbc.testing.PrivatePostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A database that is down when the web app starts does not stop it (issue 18, item 12): the store opens, calls fail
 * as unavailable (503) while the database is down, and once it answers the first call creates and checks the tables
 * and everything works, with no restart.
 */
class PostgresDownAtStartIT {

    private static SessionChange create(String id) {
        Instant now = Instant.now();
        return new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, Duration.ofMinutes(30),
                now.plus(Duration.ofMinutes(30)), null, Map.of("cart", id.getBytes()), Set.of());
    }

    @Test
    void openWhenDatabaseIsDownThenStoreOpensFailsAsUnavailableAndWorksOnceTheDatabaseAnswers() {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            postgres.stopNow();
            BatonConfig config = BatonConfig.builder().store(postgres.url()).set("storeTimeout", "1s")
                    .set("createSchema", "true").build();
            SessionStore[] opened = new SessionStore[1];
            String log = StderrLog.during(() -> opened[0] = SessionStores.open(new StoreContext(config,
                    Clock.systemUTC()), getClass().getClassLoader()));
            try (SessionStore store = opened[0]) {
                assertThat(log).contains("The database can't be reached at start");
                String id = SessionIds.create().next();

                assertThatThrownBy(() -> store.load(id)).isInstanceOf(SessionStoreUnavailableException.class);

                postgres.startServer();
                await().atMost(Duration.ofSeconds(30)).ignoreException(SessionStoreUnavailableException.class)
                        .until(() -> store.save(create(id)) == SaveResult.SAVED);
                assertThat(store.load(id)).isPresent();
            }
        }
    }
}
