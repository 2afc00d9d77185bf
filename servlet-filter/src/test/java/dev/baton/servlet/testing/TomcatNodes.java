/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Manager;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat nodes. */
public final class TomcatNodes implements Node.Factory {

    private final String contextPath;

    /** Nodes whose web app is the root context. */
    public TomcatNodes() {
        this("");
    }

    /** @param contextPath the web app's context path, {@code ""} for the root */
    public TomcatNodes(String contextPath) {
        this.contextPath = contextPath;
    }

    @Override
    public Node start(Filter filter, HttpServlet servlet, int sessionTimeoutMinutes) {
        return start(filter, Map.of(), sessionTimeoutMinutes, servlet, context -> { });
    }

    /**
     * Starts a node, letting the test set up its context before Tomcat starts it, as {@code context.xml} would (a
     * Manager, say).
     *
     * @param servlet the app
     * @param beforeStart changes the context
     * @return the node
     */
    public Node startConfigured(HttpServlet servlet, java.util.function.Consumer<Context> beforeStart) {
        return start(null, Map.of(), 30, servlet, beforeStart);
    }

    /**
     * Starts a node behind {@code filter}, letting the test set up its context before Tomcat starts it (a valve, say).
     *
     * @param filter the session filter, mapped to {@code /*} for every dispatcher type
     * @param servlet the app
     * @param beforeStart changes the context
     * @return the node
     */
    public Node startConfigured(Filter filter, HttpServlet servlet, java.util.function.Consumer<Context> beforeStart) {
        return start(filter, Map.of(), 30, servlet, beforeStart);
    }

    @Override
    public Node startDeclared(Map<String, String> initParams, int sessionTimeoutMinutes, HttpServlet servlet) {
        return start(null, initParams, sessionTimeoutMinutes, servlet, context -> { });
    }

    /**
     * Starts a node whose filter is declared with init-params, letting the test set up its context before Tomcat
     * starts it.
     *
     * @param initParams the filter's init-params
     * @param servlet the app
     * @param beforeStart changes the context
     * @return the node
     */
    public Node startDeclared(Map<String, String> initParams, HttpServlet servlet, Consumer<Context> beforeStart) {
        return start(null, initParams, 30, servlet, beforeStart);
    }

    @Override
    public Node startApp(Map<String, String> initParams, HttpServlet servlet,
            List<Class<? extends EventListener>> declaredListeners, Consumer<ServletContext> initializer) {
        return start(null, initParams, 30, servlet, context -> {
            // As ContextConfig registers web.xml's <listener> entries.
            declaredListeners.forEach(listener -> context.addApplicationListener(listener.getName()));
            context.addServletContainerInitializer((classes, servletContext) -> initializer.accept(servletContext),
                    null);
        });
    }

    private Node start(Filter filter, Map<String, String> initParams, int sessionTimeoutMinutes,
            HttpServlet servlet, java.util.function.Consumer<Context> beforeStart) {
        try {
            Path base = Files.createTempDirectory("baton-tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.getConnector().setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext(contextPath, base.toString());
            context.setSessionTimeout(sessionTimeoutMinutes);
            Wrapper wrapper = Tomcat.addServlet(context, "app", servlet);
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded("/*", "app");
            if (filter != null || !initParams.isEmpty()) {
                FilterDef def = new FilterDef();
                def.setFilterName("baton");
                if (filter != null) {
                    def.setFilter(filter);
                } else {
                    def.setFilterClass("dev.baton.servlet.BatonSessionFilter");
                    initParams.forEach(def::addInitParameter);
                }
                def.setAsyncSupported("true");
                context.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName("baton");
                map.addURLPattern("/*");
                for (String type : new String[] {"REQUEST", "FORWARD", "INCLUDE", "ERROR", "ASYNC"}) {
                    map.setDispatcher(type);
                }
                context.addFilterMap(map);
            }
            beforeStart.accept(context);
            tomcat.start();
            int port = tomcat.getConnector().getLocalPort();
            return new Node() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public long containerSessionsCreated() {
                    Manager manager = context.getManager();
                    return manager == null || manager.getClass().getName().startsWith("dev.baton.") ? 0
                            : manager.getSessionCounter();
                }

                @Override
                public void close() {
                    try {
                        tomcat.stop();
                        tomcat.destroy();
                    } catch (LifecycleException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Tomcat";
    }
}
