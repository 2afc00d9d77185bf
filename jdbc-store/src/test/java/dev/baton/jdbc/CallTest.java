/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One operation's deadline, on an in-process H2: what is not sent, and what is cancelled. */
class CallTest {

    private ScheduledExecutorService timer;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        timer = Executors.newSingleThreadScheduledExecutor();
        connection = DriverManager.getConnection("jdbc:h2:mem:");
    }

    @AfterEach
    void close() throws SQLException {
        timer.shutdownNow();
        connection.close();
    }

    @Test
    void constructorWhenTheWaitForTheConnectionTookTheWholeTimeoutThenThrowsNamingStoreTimeout() {
        long startedTwoSecondsAgo = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);

        assertThatThrownBy(() -> new Call(connection, startedTwoSecondsAgo, 1000, false, timer))
                .isInstanceOf(SQLTimeoutException.class)
                .hasMessage("storeTimeout=1000ms passed before the connection was acquired");
    }

    @Test
    void prepareWhenTheDeadlineHasPassedThenNoStatementIsSent() throws SQLException {
        long start = System.nanoTime();
        try (Call call = new Call(connection, start, 100, false, timer)) {
            await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - start > 100_000_000L);

            assertThatThrownBy(() -> call.prepare("SELECT 1")).isInstanceOf(SQLTimeoutException.class)
                    .hasMessage("storeTimeout=100ms passed before the next statement");
            assertThatThrownBy(call::commit).isInstanceOf(SQLTimeoutException.class)
                    .hasMessage("storeTimeout=100ms passed before the commit");
        }
    }

    @Test
    void prepareWhenTheStatementStillRunsAtTheDeadlineThenItIsCancelled() throws SQLException {
        long start = System.nanoTime();
        try (Call call = new Call(connection, start, 300, false, timer);
                PreparedStatement endless = call.prepare("SELECT count(*) FROM system_range(1, 1000000000000) "
                        + "WHERE MOD(x, 7) = 3")) {

            assertThatThrownBy(endless::executeQuery).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
