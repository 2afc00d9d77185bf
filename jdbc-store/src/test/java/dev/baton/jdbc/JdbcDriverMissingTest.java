/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * baton-jdbc-store brings no JDBC driver (the user chooses one), so a URL whose driver is missing must say which
 * artifact to add. No MySQL Connector/J is on this module's test class path, and MariaDB's driver refuses
 * {@code jdbc:mysql:} unless told otherwise.
 */
class JdbcDriverMissingTest {

    @Test
    void openWhenNoDriverAcceptsTheUrlThenTheErrorNamesTheDriverArtifacts() {
        BatonConfig config = BatonConfig.builder().store("jdbc:mysql://127.0.0.1:1/test?password=secret").build();

        assertThatThrownBy(() -> SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no JDBC driver")
                .hasMessageContaining("com.mysql:mysql-connector-j")
                .hasMessageContaining("org.postgresql:postgresql")
                .hasMessageNotContaining("secret");
    }
}
