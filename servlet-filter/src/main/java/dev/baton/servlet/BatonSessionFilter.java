/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonConfig;
import dev.baton.core.OwnedThreads;
import dev.baton.core.SessionAdmin;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionMetrics;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.servlet.common.AccessLogAttributes;
import dev.baton.servlet.common.BatonHealthServlet;
import dev.baton.servlet.common.ContainerManagedSessions;
import dev.baton.servlet.common.ExpiredSessions;
import dev.baton.servlet.common.LastAccesses;
import dev.baton.servlet.common.SaveBeforeCommitResponse;
import dev.baton.servlet.common.ServletSessionEvents;
import dev.baton.servlet.common.StoreOutages;
import dev.baton.servlet.common.WebAppClasses;
import dev.baton.servlet.internal.ContainerSessionConfig;
import dev.baton.servlet.internal.FilterWebApp;
import dev.baton.servlet.internal.RequestState;
import dev.baton.servlet.internal.SessionIdTransport;
import dev.baton.servlet.internal.SessionRequestWrapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the container's {@code HttpSession} with one that lives in a Baton store, so that any node behind a
 * non-sticky load balancer serves any user. Map it first in the chain, to {@code /*}, for the REQUEST, FORWARD,
 * INCLUDE, ERROR and ASYNC dispatcher types.
 *
 * <p>In {@code web.xml}, configure it with init-params named as the keys of {@link dev.baton.core.ConfigKey}
 * ({@code store} is required):
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>baton</filter-name>
 *   <filter-class>dev.baton.servlet.BatonSessionFilter</filter-class>
 *   <init-param><param-name>store</param-name><param-value>redis://127.0.0.1:6379</param-value></init-param>
 *   <async-supported>true</async-supported>
 * </filter>
 * }</pre>
 *
 * <p>Or register it in code with {@link #builder(BatonConfig)}. Each request that uses its session saves what it
 * changed before the response is committed; a request that never asks for its session costs no store call. When
 * the store is down or slower than {@code storeTimeout}, the request gets 503 with {@code Retry-After}. Expired
 * sessions are destroyed by a background thread on each node ({@code reapInterval}, jittered), each on exactly one
 * node.
 */
public final class BatonSessionFilter implements Filter {

    /**
     * The servlet context attribute by which a container-level Baton session manager (the Tomcat manager) says that
     * it already replicates this web app's sessions; the filter then passes every request through untouched, so that
     * one WAR runs unchanged with either.
     */
    public static final String CONTAINER_MANAGED_ATTRIBUTE = ContainerManagedSessions.ATTRIBUTE;

    private static final Logger LOG = LoggerFactory.getLogger(BatonSessionFilter.class);
    private static final String DEFAULT_COOKIE_NAME = "SESSION";

    private final BatonConfig givenConfig;
    private final SessionStore givenStore;
    private final Clock clock;
    private final List<EventListener> givenListeners;
    private final SessionMetrics metrics;
    private final String application;
    private SessionEngine engine;
    private SessionIdTransport transport;
    private ServletContext servletContext;
    private FilterWebApp webApp;
    private ScheduledExecutorService reaper;
    private final OwnedThreads reaperThreads = new OwnedThreads();
    private boolean passThrough;
    private final LastAccesses lastAccesses = new LastAccesses();
    private boolean accessEveryRequest;
    private final String stateAttribute = RequestState.ATTRIBUTE + "." + java.util.UUID.randomUUID();

    /** For {@code web.xml} and annotations: configured from init-params, system properties and the environment. */
    public BatonSessionFilter() {
        this(null, null, Clock.systemUTC(), List.of(), null, null);
    }

    private BatonSessionFilter(BatonConfig config, SessionStore store, Clock clock, List<EventListener> listeners,
            SessionMetrics metrics, String application) {
        this.metrics = metrics;
        this.application = application;
        this.givenConfig = config;
        this.givenStore = store;
        this.clock = clock;
        this.givenListeners = listeners;
    }

    /**
     * A builder for registering the filter in code.
     *
     * @param config the configuration (init-params are then ignored)
     * @return the builder
     */
    public static Builder builder(BatonConfig config) {
        return new Builder(config);
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        servletContext = filterConfig.getServletContext();
        webApp = new FilterWebApp(servletContext);
        if (ContainerManagedSessions.declared(servletContext)) {
            passThrough = true;
            LOG.info("Sessions of {} are replicated by the container's Baton manager; the filter steps aside",
                    contextName());
            return;
        }
        BatonConfig config = givenConfig != null ? givenConfig : BatonConfig.resolve(FilterWebApp.initParams(filterConfig),
                "init-param of filter " + filterConfig.getFilterName());
        ServletSessionEvents events = new ServletSessionEvents(
                session -> BatonHttpSession.of(session, servletContext, lastAccesses));
        ClassLoader loader = webApp.classLoader();
        webApp.addListeners(events, config, loader, givenListeners);
        SessionEngine.Builder builder = SessionEngine.builder(config)
                .clock(clock)
                .classLoader(loader)
                .listener(events)
                .application(application != null ? application : contextName())
                .appClasses(new WebAppClasses(servletContext))
                .webAppMaxInactiveInterval(webApp.sessionTimeout());
        if (givenStore != null) {
            builder.store(givenStore);
        }
        if (metrics != null) {
            builder.metrics(metrics);
        }
        engine = builder.build();
        BatonHealthServlet.publish(servletContext, engine);
        servletContext.setAttribute(SessionAdmin.ATTRIBUTE, SessionAdmin.of(engine));
        transport = new SessionIdTransport(config, DEFAULT_COOKIE_NAME, servletContext.getSessionCookieConfig());
        webApp.warnWithoutCookies(config);
        accessEveryRequest = ContainerSessionConfig.accessesSessionOnEveryRequest(servletContext);
        startReaper(config.reapInterval(), loader);
        LOG.info("Baton sessions for {} in {}, {}", contextName(), engine, engine.config());
    }

    /**
     * The request path: (1) the request's session state, whose session is resolved from the cookie (or header) and
     * loaded, lock included, only when the app first asks for it; (2) the request and response wrapped, so that the app
     * sees Baton's session and anything that commits the response saves first; (3) the app runs; (4) the session is
     * saved and its ID sent before the container commits the response, which releases the session's lock; (5) a store
     * outage is answered with 503; (6) on every way out, a lock that no save released is released.
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (passThrough || !(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        Object existing = request.getAttribute(stateAttribute);
        Object otherApp = existing == null ? request.getAttribute(RequestState.SESSION_ID_ATTRIBUTE) : null;
        if (otherApp instanceof Function<?, ?> other) {
            crossContext(httpRequest, httpResponse, chain, other);
            return;
        }
        boolean outermost = existing == null;
        RequestState state = outermost ? new RequestState(engine, transport, servletContext, httpRequest,
                lastAccesses, accessEveryRequest) : (RequestState) existing;
        SaveBeforeCommitResponse wrappedResponse = new SaveBeforeCommitResponse(httpResponse, state::saveBeforeCommit);
        state.response(wrappedResponse);
        SessionRequestWrapper wrappedRequest = new SessionRequestWrapper(httpRequest, wrappedResponse, state);
        if (outermost) {
            request.setAttribute(stateAttribute, state);
            request.setAttribute(RequestState.SESSION_ID_ATTRIBUTE, state.sessionIds());
        }
        try {
            chain.doFilter(wrappedRequest, wrappedResponse);
            if (endsResponse(outermost, request) && !wrappedRequest.isAsyncStarted()) {
                state.saveBeforeCommit();
            }
        } catch (IOException | ServletException | RuntimeException e) {
            SessionStoreUnavailableException outage = StoreOutages.find(e);
            if (outage == null && endsResponse(outermost, request) && !wrappedRequest.isAsyncStarted()) {
                // As in Tomcat, what the app put in its session before it failed stays, and a lock is freed now.
                try {
                    state.saveBeforeCommit();
                } catch (RuntimeException saveFailure) {
                    e.addSuppressed(saveFailure);
                }
            }
            if (outage == null || httpResponse.isCommitted()) {
                throw e;
            }
            StoreOutages.answer(engine, httpResponse, outage);
        } finally {
            if (endsResponse(outermost, request) && !wrappedRequest.isAsyncStarted()) {
                state.release();
                AccessLogAttributes.record(request, state.sessionRequest());
            }
        }
    }

    /**
     * A cross-context include or forward into this web app from another one whose filter is Baton's too (maybe
     * another copy of it, in another class loader: only the JDK's {@code Function} crosses over): as the container
     * does, this web app keeps a session of its own for the other web app's session, saved and released when the
     * dispatch returns.
     */
    @SuppressWarnings("unchecked")
    private void crossContext(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Function<?, ?> other) throws IOException, ServletException {
        RequestState state = RequestState.crossContext(engine, transport, servletContext, request, lastAccesses,
                (Function<Boolean, String>) other);
        SaveBeforeCommitResponse wrappedResponse = new SaveBeforeCommitResponse(response, state::saveBeforeCommit);
        state.response(wrappedResponse);
        request.setAttribute(stateAttribute, state);
        request.setAttribute(RequestState.SESSION_ID_ATTRIBUTE, state.sessionIds());
        try {
            chain.doFilter(new SessionRequestWrapper(request, wrappedResponse, state), wrappedResponse);
            state.saveBeforeCommit();
        } finally {
            try {
                state.release();
            } finally {
                request.removeAttribute(stateAttribute);
                request.setAttribute(RequestState.SESSION_ID_ATTRIBUTE, other);
            }
        }
    }

    /**
     * Whether the response is finished when this dispatch returns without starting async processing: the request's
     * first dispatch, or an {@code AsyncContext.dispatch()}, which the container completes as soon as it returns. Either
     * way the session is saved before the container commits the response, not in {@code onComplete}, which runs after
     * the client may have it.
     */
    private static boolean endsResponse(boolean outermost, ServletRequest request) {
        return outermost || request.getDispatcherType() == DispatcherType.ASYNC;
    }

    /**
     * The engine, for the front ends built on this filter and for health checks ({@code engine().store().ping()}).
     *
     * @return the engine
     * @throws IllegalStateException before {@link #init(FilterConfig)}
     */
    public SessionEngine engine() {
        if (engine == null) {
            throw new IllegalStateException("engine: the filter is not initialised");
        }
        return engine;
    }

    private String contextName() {
        return webApp.contextName();
    }

    @Override
    public void destroy() {
        if (reaper != null) {
            reaper.shutdownNow();
            reaperThreads.awaitEnd(Duration.ofSeconds(5));
        }
        if (engine != null) {
            BatonHealthServlet.withdraw(servletContext);
            servletContext.removeAttribute(SessionAdmin.ATTRIBUTE);
            engine.close();
        }
    }

    private void startReaper(Duration interval, ClassLoader loader) {
        ThreadFactory named = reaperThreads.named("baton-reaper-" + contextName());
        reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = named.newThread(runnable);
            thread.setContextClassLoader(loader);
            return thread;
        });
        scheduleReap(interval);
    }

    private void scheduleReap(Duration interval) {
        long millis = interval.toMillis();
        long delay = millis / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, millis));
        try {
            reaper.schedule(() -> {
                try {
                    ExpiredSessions.reap(engine);
                } catch (RuntimeException e) {
                    LOG.error("Reaping expired sessions failed", e);
                }
                scheduleReap(interval);
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    /** Builds a {@link BatonSessionFilter} for registration in code. */
    public static final class Builder {
        private final BatonConfig config;
        private SessionStore store;
        private Clock clock = Clock.systemUTC();
        private final List<EventListener> listeners = new ArrayList<>();
        private SessionMetrics metrics;
        private String application;

        private Builder(BatonConfig config) {
            this.config = requireNonNull(config, "config");
        }

        /**
         * Uses a store the caller opened and closes (two web apps in one JVM may share one), instead of the configured
         * one.
         *
         * @param store the store, borrowed
         * @return this builder
         */
        public Builder store(SessionStore store) {
            this.store = requireNonNull(store, "store");
            return this;
        }

        /**
         * Adds a session listener.
         *
         * @param listener an {@code HttpSessionListener}, {@code HttpSessionAttributeListener} and/or
         *     {@code HttpSessionIdListener}
         * @return this builder
         */
        public Builder listener(EventListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param clock the clock for every time decision; default the UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where the filter's engine reports its counts and timings (a {@code dev.baton.micrometer.BatonMetrics});
         * default the implementation found on the web app's class path, else none.
         *
         * @param metrics the metrics
         * @return this builder
         */
        public Builder metrics(SessionMetrics metrics) {
            this.metrics = requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * The {@code application} tag of the filter's metrics; default the web app's context path.
         *
         * @param application the application's name
         * @return this builder
         */
        public Builder application(String application) {
            this.application = requireNonNull(application, "application");
            return this;
        }

        /** {@return the filter; it starts when the container calls {@code init}} */
        public BatonSessionFilter build() {
            return new BatonSessionFilter(config, store, clock, List.copyOf(listeners), metrics, application);
        }
    }
}
