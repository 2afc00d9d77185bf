/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A non-sticky round-robin load balancer in front of the nodes, health-checked by the rules of {@link NodeHealth}.
 */
interface Balancer extends AutoCloseable {

    /** How long a balancer may take, once started, to answer a first request. */
    Duration START_LIMIT = Duration.ofSeconds(20);

    /** Which balancer the cluster runs: {@code --balancer haproxy|jetty}. */
    enum Kind {
        /** HAProxy, as a separate process: a production balancer. Needs {@code haproxy} installed. */
        HAPROXY,
        /** Jetty's proxy module in the launcher's JVM: needs nothing installed. */
        JETTY;

        /** HAProxy when it is installed, else Jetty: what the cluster runs when {@code --balancer} is not given. */
        static Kind installedDefault() {
            return HaproxyBalancer.find(HaproxyBalancer.SEARCH_PATH).isPresent() ? HAPROXY : JETTY;
        }

        /**
         * @param option {@code haproxy} or {@code jetty}
         * @return the kind it names
         * @throws IllegalArgumentException for anything else
         */
        static Kind parse(String option) {
            for (Kind kind : values()) {
                if (kind.option().equals(option)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--balancer is haproxy or jetty, not " + option);
        }

        /** The name {@code --balancer} takes. */
        String option() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Fails at once when this balancer can't run here, before anything is started for it.
         *
         * @throws IllegalStateException when HAProxy is asked for but not installed, saying how to install it
         */
        void requireInstalled() {
            if (this == HAPROXY) {
                HaproxyBalancer.binary(HaproxyBalancer.SEARCH_PATH);
            }
        }

        /**
         * Starts the balancer and returns once a request through it is answered.
         *
         * @param port the port to listen on, on 127.0.0.1
         * @param nodePorts the nodes' ports on 127.0.0.1, each serving {@code /health}
         * @param logDir where the balancer writes its log (HAProxy's output)
         * @return the running balancer
         * @throws IllegalStateException when HAProxy is asked for but not installed, saying how to install it
         * @throws Exception when it can't start, or does not answer within {@link #START_LIMIT}, with its own output
         */
        Balancer start(int port, List<Integer> nodePorts, Path logDir) throws Exception {
            Balancer balancer = switch (this) {
                case HAPROXY -> HaproxyBalancer.start(HaproxyBalancer.binary(HaproxyBalancer.SEARCH_PATH), port,
                        nodePorts, logDir);
                case JETTY -> JettyBalancer.start(port, nodePorts);
            };
            try {
                HealthProbe.await(balancer.describe(), URI.create("http://127.0.0.1:" + port + "/health"),
                        START_LIMIT, balancer::checkRunning);
                return balancer;
            } catch (IOException | InterruptedException | RuntimeException e) {
                balancer.close();
                throw e;
            }
        }
    }

    /** What it is, for the console. */
    String describe();

    /**
     * @throws IOException when the balancer is no longer running, with what it said
     */
    void checkRunning() throws IOException;

    /** Stops the balancer; idempotent. */
    @Override
    void close();
}
