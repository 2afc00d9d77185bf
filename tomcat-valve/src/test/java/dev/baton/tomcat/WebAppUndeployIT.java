/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Undeploying a web app stops every thread and client its manager started (issue 18, bug 18): ten deploys and
 * undeploys of web apps on Redis (Lettuce's event loops) and PostgreSQL (Hikari's housekeeper, the store's deadline
 * timer), each used with a lock mode (the lease renewer), leave no Baton or Lettuce thread, and their class loaders
 * can be collected.
 */
class WebAppUndeployIT {

    private static final int DEPLOYS = 10;

    private final Tomcat tomcat = new Tomcat();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    /** Where Tomcat reports, as a web app stops, the threads it started and did not stop. */
    private final Logger loaderLog = Logger.getLogger("org.apache.catalina.loader");
    private final Handler leakReports = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = new SimpleFormatter().formatMessage(record);
            // Tomcat's own utility thread, caught running the context's background process (its class loader as the
            // thread's) at the moment the context stops, is the container's, not the web app's: not a leak.
            if (message.contains("failed to stop it") && !message.contains("[Catalina-utility-")) {
                leaks.add(message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() throws Exception {
        loaderLog.removeHandler(leakReports);
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void undeployWhenRepeatedTenTimesThenNoBatonThreadRemainsAndClassLoadersAreCollected() throws Exception {
        tomcat.setBaseDir(Files.createTempDirectory("baton-tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.start();
        loaderLog.addHandler(leakReports);
        Node node = new Node() {
            @Override
            public int port() {
                return tomcat.getConnector().getLocalPort();
            }

            @Override
            public long containerSessionsCreated() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path onRedis = WebAppNode.webApp("redis", Map.of("store", TestServices.redisUri(), "keyPrefix",
                "baton-test-" + unique + ":", "lockMode", "session"));
        Path onPostgres = WebAppNode.webApp("postgres", Map.of("store", TestServices.postgresUrl(),
                "createSchema", "true", "tableName", "baton_undeploy_" + unique, "lockMode", "session"));
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

        for (int i = 0; i < DEPLOYS; i++) {
            for (Path app : List.of(onRedis, onPostgres)) {
                Context context = tomcat.addWebapp("/app", app.toString());
                ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
                Browser browser = new Browser();
                assertThat(browser.get(node, "/app/set?name=n&value=" + i).statusCode()).isEqualTo(200);
                assertThat(browser.get(node, "/app/get?name=n").body()).isEqualTo(Integer.toString(i));
                loaders.add(new WeakReference<>(context.getLoader().getClassLoader()));
                tomcat.getHost().removeChild(context);
            }
        }

        assertThat(leaks).as("Tomcat's reports of threads a stopped web app left running").isEmpty();
        assertThat(batonThreads()).as("threads alive once the last web app has stopped").isEmpty();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            System.gc();
            assertThat(loaders.stream().map(loader -> loader.get() == null ? "collected" : "kept").toList())
                    .as("the web apps' class loaders, Redis and PostgreSQL in turn").containsOnly("collected");
        });
    }

    private static List<String> batonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("baton-") || name.startsWith("lettuce-")).toList();
    }
}
