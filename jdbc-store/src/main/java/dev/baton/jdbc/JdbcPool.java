/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.core.OwnedThreads;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.core.StoreContext;
import dev.baton.jdbc.internal.Dialect;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;

/** The store's own HikariCP pool, built from the store URL, {@code poolSize} and {@code storeTimeout}. */
final class JdbcPool {

    /** Hikari's least connection and validation timeouts. */
    private static final long HIKARI_MIN_TIMEOUT_MILLIS = 250;
    /** The longest wait for an idle connection's validation. */
    private static final long MAX_VALIDATION_MILLIS = 5000;
    /** The share of {@code storeTimeout} that validating an idle connection may take: a quarter. */
    private static final int VALIDATION_SHARE_DIVISOR = 4;
    /** How many connections the pool keeps open while idle, at most. */
    private static final int MIN_IDLE = 2;

    private JdbcPool() {
    }

    /**
     * Opens the pool: the wait for a connection, validation of an idle one included, stays within
     * {@code storeTimeout}, and the driver's connect timeouts are {@code storeTimeout}.
     *
     * @param context the configuration
     * @param threads makes the pool's threads, which the store waits for when it closes
     * @return the pool
     * @throws IllegalArgumentException when no JDBC driver on the class path takes the URL
     * @throws SessionStoreUnavailableException when the database can't be reached
     */
    static HikariDataSource open(StoreContext context, OwnedThreads threads) {
        String url = context.uri();
        long start = System.nanoTime();
        HikariConfig hikari = config(context);
        hikari.setThreadFactory(threads.named("baton-sessions"));
        // Start without a connection: a database that is down when the web app starts must not stop it.
        hikari.setInitializationFailTimeout(-1);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            String detail = String.valueOf(e.getMessage());
            if (detail.contains("driver")) {
                throw new IllegalArgumentException("store=" + context.maskedUri() + ": no JDBC driver for this URL "
                        + "on the class path; add the database's driver (org.postgresql:postgresql, "
                        + "org.mariadb.jdbc:mariadb-java-client, com.mysql:mysql-connector-j or com.h2database:h2)", e);
            }
            throw new SessionStoreUnavailableException("connect", context.maskedUri(),
                    (System.nanoTime() - start) / 1_000_000, null, "the database can't be reached: " + detail, e);
        }
    }

    /**
     * The pool's configuration.
     *
     * @param context the configuration
     * @return Hikari's configuration
     */
    static HikariConfig config(StoreContext context) {
        String url = context.uri();
        Duration timeout = context.config().storeTimeout();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        driverFor(url).ifPresent(hikari::setDriverClassName);
        hikari.setPoolName("baton-sessions");
        hikari.setMaximumPoolSize(context.config().poolSize());
        hikari.setMinimumIdle(Math.min(MIN_IDLE, context.config().poolSize()));
        long validation = Math.max(HIKARI_MIN_TIMEOUT_MILLIS,
                Math.min(timeout.toMillis() / VALIDATION_SHARE_DIVISOR, MAX_VALIDATION_MILLIS));
        hikari.setValidationTimeout(validation);
        hikari.setConnectionTimeout(Math.max(HIKARI_MIN_TIMEOUT_MILLIS, timeout.toMillis() - validation));
        hikari.setInitializationFailTimeout(Math.max(1, timeout.toMillis()));
        hikari.setDataSourceProperties(Dialect.of(context).timeoutProperties(url, timeout));
        return hikari;
    }

    /**
     * The driver for a URL among those this library's class loader sees, found without {@code DriverManager}, which
     * ignores drivers from class loaders other than the system one (a jar in Tomcat's {@code lib}, for instance).
     */
    private static Optional<String> driverFor(String url) {
        for (Driver driver : ServiceLoader.load(Driver.class, JdbcPool.class.getClassLoader())) {
            try {
                if (driver.acceptsURL(url)) {
                    return Optional.of(driver.getClass().getName());
                }
            } catch (SQLException e) {
                // Not this one.
            }
        }
        return Optional.empty();
    }
}
