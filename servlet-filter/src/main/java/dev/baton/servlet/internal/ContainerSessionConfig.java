/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the container knows of the web app's sessions and the Servlet API does not tell a filter. First, the session
 * listeners the web app registered with its container: declared in {@code web.xml} and fragments,
 * annotated with {@code @WebListener}, or added by {@code ServletContext.addListener}, as the very instances the
 * container made (so a listener that is also a {@code ServletContextListener} keeps the state its
 * {@code contextInitialized} set). The Servlet API has no call that lists them, so the container is asked through its
 * own public methods: Tomcat's {@code StandardContext} ({@code getApplicationLifecycleListeners},
 * {@code getApplicationEventListeners}) and Jetty 12's {@code ContextHandler} ({@code getEventListeners}). The
 * container's own session manager never fires them, since it never sees a session while the filter is in front.
 * Containers fill these lists before they initialise filters, so the filter reads them once, in {@code init}.
 * Second, whether the container accesses the session of every request that carries its ID, whether or not the app
 * asks for it (Tomcat's {@code alwaysAccessSession}, on under {@code STRICT_SERVLET_COMPLIANCE}); Jetty never does.
 */
public final class ContainerSessionConfig {

    private static final String TOMCAT_FACADE = "org.apache.catalina.core.ApplicationContextFacade";

    private ContainerSessionConfig() {
    }

    /**
     * The app's session listeners, in the container's order (lifecycle listeners, then the others), each once.
     *
     * @param context the web app
     * @return the listeners, or empty when the container is not one whose list can be read
     */
    public static Optional<List<EventListener>> listeners(ServletContext context) {
        Optional<List<Object>> registered = tomcat(context).or(() -> jetty(context));
        return registered.map(ContainerSessionConfig::sessionListeners);
    }

    /**
     * Whether the container accesses the session of every request that carries its ID.
     *
     * @param context the web app
     * @return Tomcat's {@code alwaysAccessSession}; {@code false} elsewhere
     */
    public static boolean accessesSessionOnEveryRequest(ServletContext context) {
        try {
            Optional<Object> standardContext = tomcatContext(context);
            return standardContext.isPresent()
                    && Boolean.TRUE.equals(call(standardContext.get(), "getAlwaysAccessSession"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Object> tomcatContext(ServletContext context) throws ReflectiveOperationException {
        if (!context.getClass().getName().equals(TOMCAT_FACADE)) {
            return Optional.empty();
        }
        return Optional.of(field(field(context, "context"), "context"));
    }

    private static List<EventListener> sessionListeners(List<Object> registered) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<EventListener> listeners = new ArrayList<>();
        for (Object listener : registered) {
            if ((listener instanceof HttpSessionListener || listener instanceof HttpSessionAttributeListener
                    || listener instanceof HttpSessionIdListener) && seen.add(listener)) {
                listeners.add((EventListener) listener);
            }
        }
        return List.copyOf(listeners);
    }

    /** Tomcat: the facade's {@code ApplicationContext}, then its {@code StandardContext}. */
    private static Optional<List<Object>> tomcat(ServletContext context) {
        try {
            Optional<Object> found = tomcatContext(context);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Object standardContext = found.get();
            List<Object> all = new ArrayList<>();
            all.addAll(List.of((Object[]) call(standardContext, "getApplicationLifecycleListeners")));
            all.addAll(List.of((Object[]) call(standardContext, "getApplicationEventListeners")));
            return Optional.of(all);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Jetty 12: {@code ServletContextApi.getContextHandler().getEventListeners()}. */
    private static Optional<List<Object>> jetty(ServletContext context) {
        try {
            Method handlerMethod = context.getClass().getMethod("getContextHandler");
            Object handler = handlerMethod.invoke(context);
            if (handler == null || !handler.getClass().getName().startsWith("org.eclipse.jetty.")) {
                return Optional.empty();
            }
            return Optional.of(new ArrayList<>((Collection<?>) call(handler, "getEventListeners")));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
