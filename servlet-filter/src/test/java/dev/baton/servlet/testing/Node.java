/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One app server of a test cluster, on a free port of 127.0.0.1. */
public interface Node extends AutoCloseable {

    /** The port it listens on. */
    int port();

    /**
     * Sessions that a session manager other than Baton's created on this node: the container's own, which behind
     * the filter must never be used.
     */
    long containerSessionsCreated();

    /** Stops it. */
    @Override
    void close();

    /**
     * A node the test stops itself, running Baton's session manager only (no container sessions to count).
     *
     * @param port the port it listens on
     * @return the node; its {@link #close()} does nothing
     */
    static Node stoppedByTheTest(int port) {
        return new Node() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public long containerSessionsCreated() {
                return 0;
            }

            @Override
            public void close() {
                // The test stops its server.
            }
        };
    }

    /** Starts nodes of one container kind. */
    interface Factory {
        /**
         * Starts a node running {@code servlet} at {@code /*} behind {@code filter} (null: no filter), whose web app
         * has a {@code session-config} timeout of 30 minutes.
         *
         * @param filter the session filter, mapped to {@code /*} for every dispatcher type
         * @param servlet the app
         * @return the started node
         */
        default Node start(Filter filter, HttpServlet servlet) {
            return start(filter, servlet, 30);
        }

        /**
         * Starts a node running {@code servlet} at {@code /*} behind {@code filter} (null: no filter).
         *
         * @param filter the session filter, mapped to {@code /*} for every dispatcher type
         * @param servlet the app
         * @param sessionTimeoutMinutes the web app's {@code session-config} timeout; 0 or less: never
         * @return the started node
         */
        Node start(Filter filter, HttpServlet servlet, int sessionTimeoutMinutes);

        /**
         * Starts a node whose filter is declared as in {@code web.xml}: {@code BatonSessionFilter} by class name, with
         * init-params, mapped to {@code /*} for every dispatcher type.
         *
         * @param initParams the filter's init-params
         * @param sessionTimeoutMinutes the web app's {@code session-config} timeout
         * @param servlet the app
         * @return the started node
         */
        Node startDeclared(Map<String, String> initParams, int sessionTimeoutMinutes, HttpServlet servlet);

        /**
         * Starts a node as {@link #startDeclared} does, whose web app also declares listeners as {@code web.xml}'s
         * {@code <listener>} entries do, and runs {@code initializer} at start-up as a
         * {@code ServletContainerInitializer} would (adding listeners, setting its {@code SessionCookieConfig}).
         *
         * @param initParams the filter's init-params
         * @param servlet the app
         * @param declaredListeners listener classes, as in {@code <listener-class>}
         * @param initializer runs before the container starts the app's listeners and filters
         * @return the started node
         */
        Node startApp(Map<String, String> initParams, HttpServlet servlet,
                List<Class<? extends EventListener>> declaredListeners, Consumer<ServletContext> initializer);
    }
}
