/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SaveResult;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.redis.testing.RedisServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss-sentinel://} and {@code rediss-cluster://}: servers the test starts that listen for TLS only (no plain
 * port), with a certificate for 127.0.0.1 signed by a CA that {@code openssl} makes for the test; the JVM trusts that
 * CA through {@code javax.net.ssl.trustStore}, as the store's peer verification uses the JVM's trust store. Sessions
 * saved through the store are found again, so every connection (to the sentinels, to the primary they name, to each
 * Cluster node the seeds lead to) spoke TLS with a verified peer.
 */
class RedisTlsIT {

    private static final String[] TRUST_PROPERTIES = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
        "javax.net.ssl.trustStoreType"};

    @TempDir
    static Path certs;
    private static final Map<String, String> saved = new java.util.HashMap<>();
    private static RedisServers.Tls tls;

    @BeforeAll
    static void makeCertificates() {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=baton-test-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=localhost");
        write("ext.cnf", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "server.crt", "-days", "2", "-extfile", "ext.cnf");
        run(List.of("keytool", "-importcert", "-noprompt", "-alias", "baton-test-ca", "-file", "ca.crt",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit"));
        tls = new RedisServers.Tls(certs.resolve("server.crt"), certs.resolve("server.key"), certs.resolve("ca.crt"));
        for (String property : TRUST_PROPERTIES) {
            saved.put(property, System.getProperty(property));
        }
        System.setProperty("javax.net.ssl.trustStore", certs.resolve("trust.p12").toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterAll
    static void restoreTrust() {
        saved.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }

    @Test
    void saveWhenSentinelsAndServersSpeakOnlyTlsThenSessionsAreFoundAgain() {
        try (RedisServers servers = new RedisServers(tls)) {
            RedisServers.Server primary = servers.start(List.of("--repl-diskless-sync-delay", "0"));
            servers.start(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port)));
            List<RedisServers.Server> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sentinels.add(servers.sentinel("mymaster", primary.port));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> primary.cli("info", "replication")
                    .contains("state=online"));
            String hosts = sentinels.stream().map(s -> "127.0.0.1:" + s.port).collect(Collectors.joining(","));

            saveAndFind("rediss-sentinel://" + hosts + "/0?sentinelMasterId=mymaster", 20);

            assertThat(primary.cli("dbsize").trim()).as("sessions on the TLS primary").isNotEqualTo("0");
        }
    }

    @Test
    void saveWhenClusterNodesSpeakOnlyTlsThenSessionsAreFoundAgainOnEveryPrimary() {
        try (RedisServers servers = new RedisServers(tls)) {
            List<RedisServers.Server> primaries = servers.cluster(3);

            saveAndFind("rediss-cluster://127.0.0.1:" + primaries.get(0).port, 60);

            for (RedisServers.Server primary : primaries) {
                assertThat(primary.cli("dbsize").trim()).as("sessions on primary " + primary.port)
                        .isNotEqualTo("0");
            }
        }
    }

    private static void saveAndFind(String uri, int sessions) {
        BatonConfig config = BatonConfig.builder().store(uri).set("storeTimeout", "5s").build();
        SessionIds ids = SessionIds.create();
        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                RedisTlsIT.class.getClassLoader())) {
            for (int i = 0; i < sessions; i++) {
                String id = ids.next();
                Instant now = Instant.now();
                SessionChange create = new SessionChange(SessionChange.Kind.CREATE, id, now, now, now,
                        Duration.ofMinutes(30), now.plus(Duration.ofMinutes(30)), null,
                        Map.of("n", Integer.toString(i).getBytes()), Set.of());

                assertThat(store.save(create)).isEqualTo(SaveResult.SAVED);
                assertThat(store.load(id)).as("session %d", i).isPresent();
            }
        }
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void write(String name, String text) {
        try {
            Files.writeString(certs.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
