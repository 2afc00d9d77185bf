/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.Context;

/** Embedded Tomcat nodes whose contexts have the Baton manager, all on one in-memory store; closes them all. */
final class ManagerNodes implements AutoCloseable {

    private final InMemorySessionStore store = new InMemorySessionStore(Clock.systemUTC());
    private final List<Node> nodes = new ArrayList<>();

    /** The store every node shares. */
    InMemorySessionStore store() {
        return store;
    }

    /**
     * Starts a node.
     *
     * @param app the web app's one servlet
     * @param keys the manager's attributes besides {@code store}
     * @param setup changes the context before it starts, as its {@code context.xml} or {@code web.xml} would
     * @return the node
     */
    Node start(HttpServlet app, Map<String, String> keys, Consumer<Context> setup) {
        Node node = new TomcatNodes().startConfigured(app, context -> {
            BatonSessionManager manager = new BatonSessionManager();
            manager.setProperty("store", "memory:");
            keys.forEach(manager::setProperty);
            manager.useStore(store);
            context.setManager(manager);
            setup.accept(context);
        });
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }
}
