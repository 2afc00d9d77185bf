/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.SessionChange;
import dev.baton.core.contract.SessionStoreContract;
import dev.baton.core.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store contract against the shared Redis (standalone), each test under its own key prefix. */
class RedisSessionStoreIT extends SessionStoreContract {

    @Override
    protected String storeUri() {
        return TestServices.redisUri();
    }

    @Test
    void findByPrincipalWhenSessionsEndedThenTheirIndexEntriesAreDroppedAndAnEmptyIndexVanishes() {
        // Issue 21: the principal index cleans itself, without a scan.
        String deleted = loggedIn("alice", TIMEOUT);
        String expired = loggedIn("alice", Duration.ofMinutes(1));
        String live = loggedIn("alice", TIMEOUT);
        store().delete(deleted);
        clock.advance(Duration.ofMinutes(2));

        assertThat(store().findByPrincipal("alice", clock.instant())).containsExactly(live);
        assertThat(indexKeys()).hasSize(1);
        assertThat(members(indexKeys().get(0))).isEqualTo(1);

        store().delete(live);
        assertThat(store().findByPrincipal("alice", clock.instant())).isEmpty();
        assertThat(indexKeys()).isEmpty();
        assertThat(expired).isNotEqualTo(live);
    }

    private String loggedIn(String principal, Duration timeout) {
        String id = newId();
        Instant now = clock.instant();
        store().save(new SessionChange(SessionChange.Kind.CREATE, id, now, now, now, timeout, now.plus(timeout),
                principal, Map.of(), Set.of()));
        store().indexPrincipal(id, principal, now.plus(timeout));
        return id;
    }

    private List<String> indexKeys() {
        return redis(c -> c.sync().keys(config().keyPrefix() + "p:*"));
    }

    private long members(String key) {
        return redis(c -> c.sync().zcard(key));
    }

    private <T> T redis(java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
        RedisClient client = RedisClient.create(TestServices.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return command.apply(connection);
        } finally {
            client.shutdown();
        }
    }
}
