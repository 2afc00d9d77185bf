/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Where the integration tests find their servers: an environment variable first, then the service on localhost,
 * then a Testcontainers container when a Docker engine exists. When none is there the test fails with a message
 * that says how to start the service; it is never skipped.
 */
public final class TestServices {

    private static GenericContainer<?> redisContainer;

    private TestServices() {
    }

    /** The shared Redis: {@code TEST_REDIS_URI}, else {@code redis://127.0.0.1:6379}, else a container. */
    public static synchronized String redisUri() {
        String configured = System.getenv("TEST_REDIS_URI");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (listening("127.0.0.1", 6379)) {
            return "redis://127.0.0.1:6379";
        }
        if (dockerAvailable()) {
            if (redisContainer == null) {
                redisContainer = new GenericContainer<>("redis:7").withExposedPorts(6379);
                redisContainer.start();
            }
            return "redis://" + redisContainer.getHost() + ":" + redisContainer.getMappedPort(6379);
        }
        throw missing("Redis", "TEST_REDIS_URI", "127.0.0.1:6379");
    }

    /** The shared PostgreSQL: {@code TEST_POSTGRES_URL}, else database {@code test} on 127.0.0.1:5432. */
    public static String postgresUrl() {
        String configured = System.getenv("TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (listening("127.0.0.1", 5432)) {
            return "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        }
        throw missing("PostgreSQL", "TEST_POSTGRES_URL", "127.0.0.1:5432");
    }

    /** The shared MariaDB: {@code TEST_MARIADB_URL}, else database {@code test} on 127.0.0.1:3306 as root. */
    public static String mariadbUrl() {
        String configured = System.getenv("TEST_MARIADB_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (listening("127.0.0.1", 3306)) {
            return "jdbc:mariadb://127.0.0.1:3306/test?user=root";
        }
        throw missing("MariaDB", "TEST_MARIADB_URL", "127.0.0.1:3306");
    }

    /** Whether something accepts TCP connections at host:port within 500 ms. */
    public static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static AssertionError missing(String service, String variable, String address) {
        return new AssertionError(service + " is needed by this test and was not found: " + variable
                + " is not set, nothing listens on " + address + ", and no Docker engine is available. Start it with "
                + "'bash scripts/services.sh' (installs it on Debian as root), or set " + variable + ".");
    }
}
