/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.contract.SessionStoreContract;
import dev.baton.redis.testing.RedisServers;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a 3-primary Redis Cluster the test starts, and sessions spread over every primary. */
class RedisClusterSessionStoreIT extends SessionStoreContract {

    private static RedisServers servers;
    private static List<RedisServers.Server> primaries;

    @BeforeAll
    static void startCluster() {
        servers = new RedisServers();
        primaries = servers.cluster(3);
    }

    @AfterAll
    static void stopCluster() {
        servers.close();
    }

    @Override
    protected String storeUri() {
        return "redis-cluster://" + primaries.stream().map(p -> "127.0.0.1:" + p.port)
                .collect(Collectors.joining(","));
    }

    @Test
    void saveWhenManySessionsThenEveryPrimaryHoldsSome() {
        for (int i = 0; i < 60; i++) {
            store().save(create(newId(), Map.of("n", bytes(Integer.toString(i)))));
        }

        for (RedisServers.Server primary : primaries) {
            String keys = primary.cli("--scan", "--pattern", config().keyPrefix() + "s:*");
            assertThat(keys.lines().count()).as("sessions on primary " + primary.port).isPositive();
        }
    }
}
