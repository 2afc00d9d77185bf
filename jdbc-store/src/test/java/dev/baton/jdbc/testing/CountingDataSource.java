/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts the statements a store executes (each execute, executeQuery, executeUpdate or executeBatch is one round
 * trip) and the commits and rollbacks, through proxies around a real data source. Round trips a driver makes of its
 * own (MariaDB's {@code SET autocommit}, for one) are not seen.
 */
public final class CountingDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger endings = new AtomicInteger();

    /**
     * Counts what goes through a data source.
     *
     * @param delegate the real data source
     */
    public CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Round trips since the last reset: statements executed plus commits and rollbacks. */
    public int roundTrips() {
        return statements.get() + endings.get();
    }

    /** Forgets the counts. */
    public void reset() {
        statements.set(0);
        endings.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(connection, method, args);
            if (method.getName().equals("commit") || method.getName().equals("rollback")) {
                endings.incrementAndGet();
            }
            if (result instanceof Statement statement) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), statementInterfaces(statement),
                        (p, m, a) -> {
                            if (m.getName().startsWith("execute")) {
                                statements.incrementAndGet();
                            }
                            return invoke(statement, m, a);
                        });
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Class<?>[] statementInterfaces(Statement statement) {
        if (statement instanceof java.sql.CallableStatement) {
            return new Class<?>[] {java.sql.CallableStatement.class};
        }
        if (statement instanceof java.sql.PreparedStatement) {
            return new Class<?>[] {java.sql.PreparedStatement.class};
        }
        return new Class<?>[] {Statement.class};
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
