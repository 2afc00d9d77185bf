package dev.baton.servlet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** One app server of a test cluster, on a free port of 127.0.0.1. */
public interface Node extends AutoCloseable {

    /** The port it listens on. */
    int port();

    /** Stops it. */
    @Override
    void close();

    /** Starts nodes of one container kind. */
    interface Factory {
        /**
         * Starts a node running {@code servlet} at {@code /*} behind {@code filter} (null: no filter).
         *
         * @param filter the session filter, mapped to {@code /*} for every dispatcher type
         * @param servlet the app
         * @return the started node
         */
        Node start(Filter filter, HttpServlet servlet);
    }
}
