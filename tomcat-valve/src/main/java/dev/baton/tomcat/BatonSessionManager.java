/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreException;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.servlet.common.BatonHealthServlet;
import dev.baton.servlet.common.ContainerManagedSessions;
import dev.baton.servlet.common.ExpiredSessions;
import dev.baton.servlet.common.LastAccesses;
import dev.baton.servlet.common.WebAppClasses;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Session;
import org.apache.catalina.Valve;
import org.apache.catalina.authenticator.AuthenticatorBase;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.authenticator.NonLoginAuthenticator;
import org.apache.catalina.session.ManagerBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tomcat {@code Manager} whose sessions live in a Baton store, so that any Tomcat behind a non-sticky balancer
 * serves any user. One element in {@code context.xml}:
 *
 * <pre>{@code <Manager className="dev.baton.tomcat.BatonSessionManager" store="redis://127.0.0.1:6379"/>}</pre>
 *
 * <p>Every attribute of the element is a Baton configuration key ({@link dev.baton.core.ConfigKey}); an unknown one
 * stops the web app at start, naming the nearest known key, and so does a key Tomcat can't honour
 * ({@code sessionIdHeader}, {@code trustForwardedHeaders}, {@code cookieSecure=false}, {@code listeners}), saying why.
 * The cookie keys shape Tomcat's session cookie only; unset, they leave the app's own cookie settings alone. The
 * manager installs {@link BatonSessionValve} first in the context's pipeline; the valve gives each request its session
 * logic, and saves before the response is committed. The node keeps no session after its request ends: memory does
 * not grow with the number of sessions. Expired sessions are destroyed by Tomcat's background processing through the
 * store's reaper, each on exactly one node. The web app's own {@code BatonSessionFilter}, if its {@code web.xml}
 * declares one, steps aside.
 */
public final class BatonSessionManager extends ManagerBase {

    private static final Logger LOG = LoggerFactory.getLogger(BatonSessionManager.class);

    private final LastAccesses lastAccesses = new LastAccesses();
    /**
     * The request this manager's valve is serving on this thread. One per manager, not static: with the jar in
     * Tomcat's {@code lib/}, every web app's manager shares this class, and a request forwarded across contexts must
     * not find another context's request.
     */
    private final ThreadLocal<SessionRequest> current = new ThreadLocal<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    /** Sessions this node created since the last expiry pass read the store's totals. */
    private final AtomicLong sessionsCreated = new AtomicLong();
    /** The store's count at the last expiry pass. */
    private volatile int clusterActiveSessions;
    /** The store's total of sessions created, cluster-wide, at the last expiry pass. */
    private volatile long clusterSessionsCreated;
    private SessionStore givenStore;
    /** The store this manager opened from its {@code store} attribute, closed when it stops. */
    private SessionStore ownedStore;
    private Clock clock = Clock.systemUTC();
    private SessionEngine engine;
    private BatonSessionValve valve;

    /**
     * Sets a configuration key; Tomcat calls this for every attribute of the {@code <Manager>} element.
     *
     * @param name a key of {@link dev.baton.core.ConfigKey}
     * @param value its value
     * @return {@code true}: the key is checked when the manager starts
     */
    public boolean setProperty(String name, String value) {
        attributes.put(requireNonNull(name, "name"), requireNonNull(value, name));
        return true;
    }

    /** @param uri the store URI, as the {@code store} attribute */
    public void setStore(String uri) {
        setProperty("store", uri);
    }

    /**
     * Uses a store the caller opened and closes, instead of the configured one (embedded Tomcat).
     *
     * @param store the store, borrowed
     */
    public void useStore(SessionStore store) {
        this.givenStore = requireNonNull(store, "store");
    }

    /**
     * @param clock the clock for every time decision; default the UTC system clock
     */
    public void useClock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String getName() {
        return "BatonSessionManager";
    }

    @Override
    protected synchronized void startInternal() throws LifecycleException {
        super.startInternal();
        Context context = getContext();
        String application = context.getPath().isEmpty() ? "/" : context.getPath();
        try {
            BatonConfig config = BatonConfig.resolve(attributes, "Manager attribute");
            SessionCookieKeys.apply(config, context);
            UrlSessionIds.disableUnlessAsked(context);
            ClassLoader loader = context.getLoader() != null ? context.getLoader().getClassLoader()
                    : Thread.currentThread().getContextClassLoader();
            WebAppClasses webAppClasses = new WebAppClasses(context.getServletContext());
            SessionEngine.Builder builder = SessionEngine.builder(config).clock(clock).classLoader(loader)
                    .listener(new TomcatSessionEvents(context, this))
                    .application(application)
                    .appClasses(name -> name.startsWith("dev.baton.tomcat.") || webAppClasses.test(name))
                    // As in Tomcat, a session-config timeout of 0 or less means sessions never expire.
                    .webAppMaxInactiveInterval(Duration.ofMinutes(context.getSessionTimeout()));
            // The store comes from the manager's own class loader (lib/), never the web app's: a WAR that carries
            // Baton itself (its filter, which steps aside) must not lend its copy of the store SPI to the manager.
            ownedStore = givenStore != null ? null
                    : SessionStores.open(new StoreContext(config, clock), BatonSessionManager.class.getClassLoader());
            builder.store(givenStore != null ? givenStore : ownedStore);
            engine = builder.build();
        } catch (RuntimeException e) {
            if (ownedStore != null) {
                ownedStore.close();
                ownedStore = null;
            }
            throw new LifecycleException("Baton sessions for " + application + " can't start: " + e.getMessage(), e);
        }
        ContainerManagedSessions.declare(context.getServletContext());
        BatonHealthServlet.publish(context.getServletContext(), engine);
        SaveBeforeAuthenticatorForward.install(context, this);
        checkValveFirst(context.getPipeline());
        LOG.info("Baton sessions for {} in {}, {}", application, engine, engine.config());
        setState(LifecycleState.STARTING);
    }

    /**
     * Attaches the manager to its context and puts {@link BatonSessionValve} in the context's pipeline at once: Tomcat
     * attaches the manager while it reads {@code context.xml}, before it adds any authenticator, so the valve runs
     * before them.
     */
    @Override
    public void setContext(Context context) {
        super.setContext(context);
        if (context != null && valve == null) {
            valve = new BatonSessionValve(this);
            context.getPipeline().addValve(valve);
        }
    }

    /**
     * The valve must run before any authenticator, which asks for the session; and an authenticator with nothing to
     * authenticate needs no cached principal, so it is told not to look in the session on every request. A FORM
     * authenticator with {@code cache="false"} would keep the user's password in the session to authenticate again on
     * every request; Baton never stores a credential, so it caches the principal (name and roles) instead.
     */
    private void checkValveFirst(Pipeline pipeline) throws LifecycleException {
        for (Valve other : pipeline.getValves()) {
            if (other == valve) {
                break;
            }
            if (other instanceof AuthenticatorBase) {
                throw new LifecycleException("BatonSessionValve must come before " + other.getClass().getName()
                        + " in the pipeline of " + getContext().getName() + ": declare the Manager in context.xml (or "
                        + "set it on the Context before it starts)");
            }
        }
        for (Valve other : pipeline.getValves()) {
            if (other instanceof NonLoginAuthenticator authenticator) {
                authenticator.setCache(false);
            }
            if (other instanceof FormAuthenticator form && !form.getCache()) {
                form.setCache(true);
                LOG.info("FormAuthenticator of {}: cache=\"false\" would store the user's password in the session; "
                        + "Baton stores the authenticated principal instead (cache=\"true\")", getContext().getName());
            }
        }
    }

    @Override
    protected synchronized void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        if (engine != null) {
            BatonHealthServlet.withdraw(getContext().getServletContext());
            engine.close();
            engine = null;
        }
        if (ownedStore != null) {
            ownedStore.close();
            ownedStore = null;
        }
        super.stopInternal();
    }

    SessionEngine engine() {
        return engine;
    }

    /**
     * {@return the admin of this web app's sessions: list, count and invalidate users' sessions cluster-wide}
     *
     * @throws IllegalStateException before the manager has started
     */
    public dev.baton.core.SessionAdmin admin() {
        if (engine == null) {
            throw new IllegalStateException("admin: the manager has not started");
        }
        return dev.baton.core.SessionAdmin.of(engine);
    }

    void bind(SessionRequest request) {
        current.set(request);
    }

    void unbind() {
        current.remove();
    }

    SessionRequest current() {
        return current.get();
    }

    BatonTomcatSession wrap(BatonSession session) {
        return session.view(s -> new BatonTomcatSession(this, s));
    }

    /**
     * The session of the current request, when its ID is {@code id}; else {@code null}. With no request of this web
     * app on the thread, a cross-context dispatch from another web app asks: {@code id} is that web app's session, and
     * the answer is the session this web app keeps for it ({@link CrossContextSessions}).
     */
    @Override
    public Session findSession(String id) throws IOException {
        SessionRequest request = current.get();
        if (id == null) {
            return null;
        }
        if (request == null) {
            return engine == null ? null : CrossContextSessions.find(this, id, false);
        }
        BatonSession session = request.getSession(false);
        return session != null && session.getId().equals(id) ? wrap(session) : null;
    }

    /**
     * Creates the current request's session. The ID Tomcat proposes (the client's) is never adopted: a new session
     * always gets a new ID, so a planted ID can't fix a victim's session. With no request of this web app on the
     * thread, a cross-context dispatch from another web app asks, with the ID of that web app's session, which that
     * web app validated: the session this web app keeps for it is created ({@link CrossContextSessions}).
     */
    @Override
    public Session createSession(String proposedId) {
        SessionRequest request = current.get();
        Session session;
        if (request != null) {
            session = wrap(request.getSession(true));
        } else if (proposedId != null && engine != null) {
            session = CrossContextSessions.find(this, proposedId, true);
        } else {
            throw new IllegalStateException("Baton sessions are created inside requests, through BatonSessionValve, "
                    + "or for a cross-context dispatch");
        }
        sessionsCreated.incrementAndGet();
        return session;
    }

    /**
     * Sessions created, cluster-wide (every node's): the store's total as read at Tomcat's last expiry pass, plus those
     * this node created since. Kept here, not in {@code ManagerBase}'s field: Tomcat 11 has no such field and derives
     * its count from the active sessions, which are always 0 here.
     */
    @Override
    public long getSessionCounter() {
        return clusterSessionsCreated + sessionsCreated.get();
    }

    @Override
    public String rotateSessionId(Session session) {
        SessionRequest request = current.get();
        if (request == null) {
            throw new IllegalStateException("rotateSessionId: no Baton request on this thread");
        }
        return request.changeSessionId();
    }

    @Override
    public void changeSessionId(Session session, String newId) {
        throw new UnsupportedOperationException("Baton chooses session IDs itself; use rotateSessionId");
    }

    /** Destroys the expired sessions the store's reaper hands to this node (Tomcat's background processing). */
    @Override
    public void processExpires() {
        if (engine == null) {
            return;
        }
        ClassLoader previous = getContext().bind(false, null);
        try {
            expiredSessions.addAndGet(ExpiredSessions.reap(engine));
            countClusterSessions();
            readClusterTotals();
        } finally {
            getContext().unbind(false, previous);
        }
    }

    /** Refreshes {@link #getActiveSessions()} from the store; a store that can't answer leaves the last count. */
    private void countClusterSessions() {
        try {
            engine.store().countSessions(clock.instant()).ifPresent(count -> {
                int active = (int) Math.min(Integer.MAX_VALUE, count);
                clusterActiveSessions = active;
                if (active > getMaxActive()) {
                    setMaxActive(active);
                }
            });
        } catch (SessionStoreException e) {
            LOG.debug("Could not count the sessions in the store: {}", e.getMessage());
        }
    }

    /**
     * Refreshes {@link #getSessionCounter()} and {@code expiredSessions} from the store's cluster-wide totals (see
     * {@link SessionStore#totals}); a store that keeps none, or can't answer, leaves this node's own counts.
     */
    private void readClusterTotals() {
        try {
            engine.store().totals().ifPresent(totals -> {
                clusterSessionsCreated = totals.created();
                sessionsCreated.set(0);
                expiredSessions.set(totals.expired());
            });
        } catch (SessionStoreException e) {
            LOG.debug("Could not read the session totals of the store: {}", e.getMessage());
        }
    }

    /** This node's memory of the sessions it served last, for {@code getLastAccessedTime()}. */
    LastAccesses lastAccesses() {
        return lastAccesses;
    }

    /** None: sessions are in the store, not on this node. */
    @Override
    public Session[] findSessions() {
        return new Session[0];
    }

    @Override
    public void add(Session session) {
        // Sessions are not kept on the node.
    }

    @Override
    public void remove(Session session, boolean update) {
        // Sessions are not kept on the node.
    }

    /**
     * The sessions in the store, cluster-wide (every node's, not only this one's), as counted at Tomcat's last
     * expiry pass ({@code processExpiresFrequency} background ticks, 60 s by default); 0 until the first. See
     * {@link SessionStore#countSessions}.
     */
    @Override
    public int getActiveSessions() {
        return clusterActiveSessions;
    }

    @Override
    public void load() {
        // Sessions are in the store already.
    }

    @Override
    public void unload() {
        // Sessions are in the store already.
    }
}
