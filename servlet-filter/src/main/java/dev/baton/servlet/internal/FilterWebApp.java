/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.internal;

import dev.baton.core.BatonConfig;
import dev.baton.servlet.common.ServletSessionEvents;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.SessionTrackingMode;
import java.time.Duration;
import java.util.Collections;
import java.util.EventListener;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the filter reads from its web app at start: init-params, class loader, session timeout, tracking modes and the
 * app's own session listeners. Internal: not part of Baton's API.
 */
public final class FilterWebApp {

    private static final Logger LOG = LoggerFactory.getLogger(FilterWebApp.class);

    private final ServletContext context;

    /**
     * The web app of one filter.
     *
     * @param context the web app's servlet context
     */
    public FilterWebApp(ServletContext context) {
        this.context = context;
    }

    /**
     * The filter carries the ID in a cookie, or in {@code sessionIdHeader}, never in URLs: an app whose tracking modes
     * leave cookies out hears so once.
     *
     * @param config the filter's configuration ({@code sessionIdHeader})
     */
    public void warnWithoutCookies(BatonConfig config) {
        Set<SessionTrackingMode> modes = context.getEffectiveSessionTrackingModes();
        if (config.sessionIdHeader().isEmpty() && modes != null && !modes.contains(SessionTrackingMode.COOKIE)) {
            LOG.warn("{} tracks sessions by {}; Baton's filter tracks them by cookie (or sessionIdHeader) only",
                    contextName(), modes);
        }
    }

    /**
     * The {@code session-config} timeout; as the Servlet spec says, zero or negative minutes mean sessions never
     * expire ({@link Duration#ZERO}).
     *
     * @return the timeout, or {@code null} when the container has none to tell
     */
    public Duration sessionTimeout() {
        int minutes;
        try {
            minutes = context.getSessionTimeout();
        } catch (UnsupportedOperationException e) {
            return null;
        }
        return minutes > 0 ? Duration.ofMinutes(minutes) : Duration.ZERO;
    }

    /** The web app's loader; an embedded context may have none of its own, and then the thread's is the app's. */
    public ClassLoader classLoader() {
        ClassLoader loader = context.getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        return loader != null ? loader : FilterWebApp.class.getClassLoader();
    }

    /** The context path, {@code /} for the root context: how logs name the web app. */
    public String contextName() {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * The filter's init-params, in declaration order.
     *
     * @param filterConfig the filter's configuration
     * @return name to value
     */
    public static Map<String, String> initParams(FilterConfig filterConfig) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            params.put(name, filterConfig.getInitParameter(name));
        }
        return params;
    }

    /**
     * The app's own session listeners, as its container registered them, then those {@code listeners} names (a class
     * the app already registered is not made twice), then those given in code (an instance the app also registered
     * with its container, as Spring Boot does with its listener beans, is called once).
     *
     * @param events where the listeners go
     * @param config the filter's configuration ({@code listeners})
     * @param loader the web app's class loader, for {@code listeners}
     * @param given the listeners given in code
     * @throws ServletException when a {@code listeners} class can't be made
     */
    public void addListeners(ServletSessionEvents events, BatonConfig config, ClassLoader loader,
            List<EventListener> given) throws ServletException {
        List<EventListener> appListeners = ContainerSessionConfig.listeners(context).orElseGet(() -> {
            LOG.info("The session listeners of {} can't be read from this container ({}); name them in 'listeners'",
                    contextName(), context.getServerInfo());
            return List.of();
        });
        appListeners.forEach(events::add);
        Set<String> registered = new HashSet<>();
        appListeners.forEach(listener -> registered.add(listener.getClass().getName()));
        for (String className : config.listeners()) {
            if (registered.contains(className)) {
                LOG.info("listeners={}: the web app already registers it with the container; it is called once",
                        className);
            } else {
                events.add(instantiate(className, loader));
            }
        }
        Set<EventListener> added = Collections.newSetFromMap(new IdentityHashMap<>());
        added.addAll(appListeners);
        given.stream().filter(added::add).forEach(events::add);
    }

    private static EventListener instantiate(String className, ClassLoader loader) throws ServletException {
        try {
            Object listener = Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
            if (!(listener instanceof EventListener eventListener)) {
                throw new ServletException("listeners=" + className + ": not a session listener");
            }
            return eventListener;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ServletException("listeners=" + className + ": can't be instantiated (it needs a public "
                    + "no-argument constructor and must be on the web app's class path): " + e, e);
        }
    }
}
