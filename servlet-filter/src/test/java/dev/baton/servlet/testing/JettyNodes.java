/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ListenerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10) nodes, each with Jetty's own {@link SessionHandler}, as a deployed web app has, so that
 * tests can show the filter keeps it unused.
 */
public final class JettyNodes implements Node.Factory {

    @Override
    public Node start(Filter filter, HttpServlet servlet, int sessionTimeoutMinutes) {
        return start(filter == null ? null : new FilterHolder(filter), servlet, sessionTimeoutMinutes);
    }

    @Override
    public Node startDeclared(Map<String, String> initParams, int sessionTimeoutMinutes, HttpServlet servlet) {
        FilterHolder declared = new FilterHolder();
        declared.setName("baton");
        declared.setClassName("dev.baton.servlet.BatonSessionFilter");
        declared.setInitParameters(initParams);
        return start(declared, servlet, sessionTimeoutMinutes);
    }

    @Override
    public Node startApp(Map<String, String> initParams, HttpServlet servlet,
            List<Class<? extends EventListener>> declaredListeners, Consumer<ServletContext> initializer) {
        FilterHolder declared = new FilterHolder();
        declared.setName("baton");
        declared.setClassName("dev.baton.servlet.BatonSessionFilter");
        declared.setInitParameters(initParams);
        return start(declared, servlet, 30, context -> {
            // As Jetty's descriptor processing registers web.xml's <listener> entries.
            declaredListeners.forEach(listener -> context.getServletHandler().addListener(new ListenerHolder(listener)));
            context.addServletContainerInitializer((classes, servletContext) -> initializer.accept(servletContext));
        });
    }

    private Node start(FilterHolder filterHolder, HttpServlet servlet, int sessionTimeoutMinutes) {
        return start(filterHolder, servlet, sessionTimeoutMinutes, context -> { });
    }

    private Node start(FilterHolder filterHolder, HttpServlet servlet, int sessionTimeoutMinutes,
            Consumer<ServletContextHandler> beforeStart) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        SessionHandler sessions = new SessionHandler();
        sessions.setMaxInactiveInterval(sessionTimeoutMinutes * 60);
        context.setSessionHandler(sessions);
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        if (filterHolder != null) {
            filterHolder.setAsyncSupported(true);
            context.addFilter(filterHolder, "/*", EnumSet.allOf(DispatcherType.class));
        }
        beforeStart.accept(context);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
        int port = connector.getLocalPort();
        return new Node() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public long containerSessionsCreated() {
                return sessions.getSessionsCreated();
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Override
    public String toString() {
        return "Jetty";
    }
}
