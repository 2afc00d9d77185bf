/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import dev.baton.core.codec.AllowList;
import dev.baton.core.codec.ValueCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container-independent session logic of one web app, shared by the servlet filter and the Tomcat manager: it
 * opens {@link SessionRequest}s, decides expiry, and destroys expired sessions that the store's reaper hands to this
 * node. Thread-safe; one per web app.
 */
public final class SessionEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);

    private final BatonConfig config;
    private final SessionStore store;
    private final boolean ownsStore;
    private final ValueCodec codec;
    private final Clock clock;
    private final SessionIds ids;
    private final SessionEventListener listener;
    private final ClassLoader classLoader;
    private final Duration maxInactive;
    private final String application;
    private final Duration touchInterval;
    private final String maskedStore;
    private final SessionLocks locks;
    private final DecodeFailures decodeFailures;
    private final StoreHealth health;
    /** Never {@code null}: a no-op recorder when the engine has no metrics. */
    private final SessionMetrics.Recorder metrics;
    private final LateChanges lateChanges = new LateChanges();
    private final Expiries expiries = new Expiries(this);
    private final NearCache nearCache;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SessionEngine(Builder builder) {
        this.config = builder.config;
        this.clock = builder.clock;
        this.ids = builder.ids;
        this.listener = builder.listener;
        this.classLoader = builder.classLoader;
        this.application = builder.application;
        this.maxInactive = config.effectiveMaxInactiveInterval(builder.webAppMaxInactive);
        this.touchInterval = config.effectiveTouchInterval(maxInactive);
        AllowList allowList = AllowList.create(config.allowedClasses(), builder.appClasses);
        this.codec = ValueCodec.create(config.codec(), allowList, config.encryptionKeys());
        this.ownsStore = builder.store == null;
        SessionStore opened = ownsStore ? SessionStores.open(new StoreContext(config, clock), classLoader) : builder.store;
        this.metrics = EngineMetrics.open(builder.metrics, classLoader, config, builder.application);
        this.store = EngineMetrics.timed(opened, metrics);
        this.decodeFailures = new DecodeFailures(metrics);
        this.maskedStore = StoreUris.mask(config.hasStore() ? config.store() : "(given)");
        this.locks = new SessionLocks(config, store, clock, maskedStore, metrics);
        this.health = new StoreHealth(store, config);
        this.nearCache = NearCache.open(config, store, clock, touchInterval, maskedStore, metrics);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Baton engine started: {}, maxInactiveInterval={}, touchInterval={}, store={}", config,
                    maxInactive, touchInterval, store.getClass().getName());
        }
    }

    /**
     * A builder for an engine with this configuration.
     *
     * @param config the configuration
     * @return the builder
     */
    public static Builder builder(BatonConfig config) {
        return new Builder(config);
    }

    /**
     * Starts the session side of a request.
     *
     * @param requestedId the ID from the client's cookie or header, as sent, or {@code null}
     * @return the request's session logic
     */
    public SessionRequest newRequest(String requestedId) {
        return newRequest(requestedId, null);
    }

    /**
     * Starts the session side of a request, deciding from its path whether it holds its session's lock
     * ({@code lockMode}).
     *
     * @param requestedId the ID from the client's cookie or header, as sent, or {@code null}
     * @param path the request's path within the web app ({@code /cart/add}), or {@code null} when unknown: such a
     *     request locks with {@code lockMode=session} and never with {@code lockMode=uri}
     * @return the request's session logic
     */
    public SessionRequest newRequest(String requestedId, String path) {
        return new SessionRequest(this, requestedId, locks.appliesTo(path));
    }

    /**
     * Claims expired sessions from the store and destroys them here, firing {@code sessionDestroyed} and the unbind
     * events: each expired session is destroyed on exactly one node. Works through batches until the store has no more
     * expired sessions, or 10 batches.
     *
     * @return how many sessions were destroyed
     * @throws SessionStoreException when the store fails
     */
    public int reapExpired() {
        return expiries.reap();
    }

    /** {@return the configuration} */
    public BatonConfig config() {
        return config;
    }

    /** {@return the store, owned by the engine unless it was passed to the builder} */
    public SessionStore store() {
        return store;
    }

    /** {@return the store's readiness check, for health endpoints} */
    public StoreHealth health() {
        return health;
    }

    /** {@return the idle timeout new sessions get} */
    public Duration maxInactiveInterval() {
        return maxInactive;
    }

    /** {@return how many requests gave up waiting {@code lockTimeout} for a session lock (and were answered 503)} */
    public long lockTimeouts() {
        return locks.timeouts();
    }

    /** {@return how many requests lost their session lock's lease to another request before saving (and failed)} */
    public long leasesLost() {
        return locks.leasesLost();
    }

    /** {@return how many attribute values failed to decode since the start; each counts, each is warned of once} */
    public long decodeFailures() {
        return decodeFailures.count();
    }

    /** {@return the heap this node's near cache takes, in bytes (an estimate; 0 when {@code nearCacheSize} is 0)} */
    public long nearCacheBytes() {
        return nearCache.bytes();
    }

    /** {@return how many attribute changes made after the response was committed were dropped: a newer request won} */
    public long lateChangesDropped() {
        return lateChanges.dropped();
    }

    /**
     * Counts a request that a front end answered 503 because of {@code outage}, by reason: a lock timeout or a lost
     * lease ({@link SessionLockException}), else the store timing out ({@code storeTimeout} elapsed) or being down.
     *
     * @param outage what the request met
     */
    public void requestRejected(SessionStoreUnavailableException outage) {
        metrics.requestRejected(EngineMetrics.reason(requireNonNull(outage, "outage"), config.storeTimeout()));
    }

    /**
     * Stops lease renewal and waits until its thread has ended (a few seconds at most), and closes the store when the
     * engine opened it. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            locks.close();
            nearCache.close();
            if (ownsStore) {
                store.close();
            }
        }
    }

    @Override
    public String toString() {
        return "SessionEngine[store=" + maskedStore + "]";
    }

    // ---- shared with the request logic

    ValueCodec codec() {
        return codec;
    }

    Clock clock() {
        return clock;
    }

    SessionIds ids() {
        return ids;
    }

    SessionEventListener listener() {
        return listener;
    }

    ClassLoader classLoader() {
        return classLoader;
    }

    SessionLocks locks() {
        return locks;
    }

    SessionMetrics.Recorder metrics() {
        return metrics;
    }

    LateChanges lateChanges() {
        return lateChanges;
    }

    Expiries expiries() {
        return expiries;
    }

    Duration touchInterval() {
        return touchInterval;
    }

    /** The {@code application} name: the scope of the sessions kept for other web apps' sessions. */
    String application() {
        return application;
    }

    /** A new session, under {@code id}, or under a new ID when {@code null}. */
    BatonSession newSession(String id) {
        BatonSession session = new BatonSession(this, id != null ? id : ids.next(), clock.instant(), maxInactive);
        metrics.sessionCreated();
        notify("sessionCreated", () -> listener.sessionCreated(session));
        return session;
    }

    /** The stored session, from the near cache when it may serve; {@code null}, and claimed when expired, if none. */
    StoredSession load(String id, long presentedVersion) {
        StoredSession found = nearCache.load(id, presentedVersion, store).orElse(null);
        if (found == null) {
            expiries.destroyIfExpired(id);
        }
        return found;
    }

    NearCache nearCache() {
        return nearCache;
    }

    void notify(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A session listener threw during {}; the other listeners and the request go on", event, e);
        }
    }

    void decodingFailed(BatonSession session, AttributeDecodingException e) {
        decodeFailures.report(session.getId(), e);
    }

    /** Builds a {@link SessionEngine}. */
    public static final class Builder {
        private final BatonConfig config;
        private SessionStore store;
        private Clock clock = Clock.systemUTC();
        private SessionIds ids = SessionIds.create();
        private SessionEventListener listener = new SessionEventListener() { };
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private Predicate<String> appClasses = name -> false;
        private Duration webAppMaxInactive;
        private SessionMetrics metrics;
        private String application = "/";

        private Builder(BatonConfig config) {
            this.config = requireNonNull(config, "config");
        }

        /**
         * Uses a store that the caller opened and will close, instead of opening the configured one.
         *
         * @param store the store, borrowed
         * @return this builder
         */
        public Builder store(SessionStore store) {
            this.store = requireNonNull(store, "store");
            return this;
        }

        /**
         * @param clock the clock for every time decision; default UTC system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param ids the session ID generator; default {@link SessionIds#create()}
         * @return this builder
         */
        public Builder ids(SessionIds ids) {
            this.ids = requireNonNull(ids, "ids");
            return this;
        }

        /**
         * @param listener receives session events; default none
         * @return this builder
         */
        public Builder listener(SessionEventListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The web app's class loader, which decodes attribute values and finds stores; default the thread's context
         * class loader at build time.
         *
         * @param classLoader the loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Which class names are the web app's own, allowed to be decoded beside the configured
         * {@code allowedClasses}; decided from the name alone, without loading the class.
         *
         * @param appClasses the test; default none
         * @return this builder
         */
        public Builder appClasses(Predicate<String> appClasses) {
            this.appClasses = requireNonNull(appClasses, "appClasses");
            return this;
        }

        /**
         * The web app's {@code session-config} timeout, used when {@code maxInactiveInterval} is not configured.
         *
         * @param timeout the timeout, or {@code null} for none
         * @return this builder
         */
        public Builder webAppMaxInactiveInterval(Duration timeout) {
            this.webAppMaxInactive = timeout;
            return this;
        }

        /**
         * Where the engine reports its counts and timings; default the implementation found on the class loader
         * ({@link SessionMetrics#discover}), else none.
         *
         * @param metrics the metrics; {@link SessionMetrics#NONE} for none
         * @return this builder
         */
        public Builder metrics(SessionMetrics metrics) {
            this.metrics = requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * The web app's name, the {@code application} tag of its metrics and the scope of the sessions it keeps for
         * other web apps' sessions ({@link SessionRequest#crossContext}); default {@code /}.
         *
         * @param application the name (the context path, or the application's name)
         * @return this builder
         */
        public Builder application(String application) {
            this.application = requireNonNull(application, "application");
            return this;
        }

        /**
         * Builds the engine, opening the configured store unless one was given.
         *
         * @return the engine
         * @throws IllegalStateException when no store is configured nor given
         */
        public SessionEngine build() {
            return new SessionEngine(this);
        }
    }
}
