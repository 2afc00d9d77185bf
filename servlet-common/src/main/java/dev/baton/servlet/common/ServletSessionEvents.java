/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonSession;
import dev.baton.core.SessionEventListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Baton's session events into Servlet listener calls: {@link HttpSessionListener},
 * {@link HttpSessionAttributeListener}, {@link HttpSessionIdListener}, and values that are
 * {@link HttpSessionBindingListener} or {@link HttpSessionActivationListener}. Like Tomcat, {@code sessionDestroyed}
 * reaches the listeners in reverse order of registration, and a listener that throws is logged while the others
 * still run. Thread-safe; listeners may be added while requests run.
 */
public final class ServletSessionEvents implements SessionEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServletSessionEvents.class);
    /** Per class: whether its instances are {@link HttpSessionActivationListener}s, answered once per class. */
    private static final ClassValue<Boolean> ACTIVATION_LISTENERS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return HttpSessionActivationListener.class.isAssignableFrom(type);
        }
    };

    private final Function<BatonSession, HttpSession> views;
    private final List<HttpSessionListener> sessionListeners = new CopyOnWriteArrayList<>();
    private final List<HttpSessionAttributeListener> attributeListeners = new CopyOnWriteArrayList<>();
    private final List<HttpSessionIdListener> idListeners = new CopyOnWriteArrayList<>();

    /**
     * Events whose sessions listeners see through the given views (the filter's {@code HttpSession}s, the Tomcat
     * manager's session facades).
     *
     * @param views the {@code HttpSession} of a session
     */
    public ServletSessionEvents(Function<BatonSession, HttpSession> views) {
        this.views = requireNonNull(views, "views");
    }

    /**
     * Adds a listener; it receives the events of each session listener interface it implements.
     *
     * @param listener an {@link HttpSessionListener}, {@link HttpSessionAttributeListener} and/or
     *     {@link HttpSessionIdListener}
     * @throws IllegalArgumentException when it implements none of them
     */
    public void add(EventListener listener) {
        requireNonNull(listener, "listener");
        boolean used = false;
        if (listener instanceof HttpSessionListener l) {
            sessionListeners.add(l);
            used = true;
        }
        if (listener instanceof HttpSessionAttributeListener l) {
            attributeListeners.add(l);
            used = true;
        }
        if (listener instanceof HttpSessionIdListener l) {
            idListeners.add(l);
            used = true;
        }
        if (!used) {
            throw new IllegalArgumentException(listener.getClass().getName() + " implements none of "
                    + "HttpSessionListener, HttpSessionAttributeListener and HttpSessionIdListener");
        }
    }

    private HttpSession view(BatonSession session) {
        return views.apply(session);
    }

    private static <L> void each(List<L> listeners, boolean reverse, String event, Consumer<L> call) {
        int size = listeners.size();
        for (int i = 0; i < size; i++) {
            L listener = listeners.get(reverse ? size - 1 - i : i);
            guarded(listener, event, () -> call.accept(listener));
        }
    }

    private static void guarded(Object listener, String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Session listener {} threw during {}; the other listeners and the request go on",
                    listener.getClass().getName(), event, e);
        }
    }

    @Override
    public void sessionCreated(BatonSession session) {
        HttpSessionEvent event = new HttpSessionEvent(view(session));
        each(sessionListeners, false, "sessionCreated", l -> l.sessionCreated(event));
    }

    @Override
    public void sessionDestroyed(BatonSession session) {
        HttpSessionEvent event = new HttpSessionEvent(view(session));
        each(sessionListeners, true, "sessionDestroyed", l -> l.sessionDestroyed(event));
    }

    @Override
    public void sessionIdChanged(BatonSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(view(session));
        each(idListeners, false, "sessionIdChanged", l -> l.sessionIdChanged(event, oldId));
    }

    @Override
    public void attributeAdded(BatonSession session, String name, Object value) {
        if (attributeListeners.isEmpty()) {
            return;
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(view(session), name, value);
        each(attributeListeners, false, "attributeAdded", l -> l.attributeAdded(event));
    }

    @Override
    public void attributeReplaced(BatonSession session, String name, Object oldValue) {
        if (attributeListeners.isEmpty()) {
            return;
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(view(session), name, oldValue);
        each(attributeListeners, false, "attributeReplaced", l -> l.attributeReplaced(event));
    }

    @Override
    public void attributeRemoved(BatonSession session, String name, Object value) {
        if (attributeListeners.isEmpty()) {
            return;
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(view(session), name, value);
        each(attributeListeners, false, "attributeRemoved", l -> l.attributeRemoved(event));
    }

    @Override
    public void valueBound(BatonSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener listener) {
            guarded(listener, "valueBound",
                    () -> listener.valueBound(new HttpSessionBindingEvent(view(session), name, value)));
        }
    }

    @Override
    public void valueUnbound(BatonSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener listener) {
            guarded(listener, "valueUnbound",
                    () -> listener.valueUnbound(new HttpSessionBindingEvent(view(session), name, value)));
        }
    }

    /**
     * Whether {@code value} hears activation events: an {@link HttpSessionActivationListener}. Looked up by class,
     * once per class: a request's reads and saves ask it for every value.
     *
     * @param value the value, not {@code null}
     * @return whether it is an {@link HttpSessionActivationListener}
     */
    public static boolean isActivationListener(Object value) {
        return ACTIVATION_LISTENERS.get(value.getClass());
    }

    /** {@inheritDoc} Only {@link HttpSessionActivationListener}s hear them. */
    @Override
    public boolean observesActivation(Object value) {
        return isActivationListener(value);
    }

    @Override
    public void valueActivated(BatonSession session, String name, Object value) {
        if (value instanceof HttpSessionActivationListener listener) {
            guarded(listener, "sessionDidActivate",
                    () -> listener.sessionDidActivate(new HttpSessionEvent(view(session))));
        }
    }

    @Override
    public void valueWillPassivate(BatonSession session, String name, Object value) {
        if (value instanceof HttpSessionActivationListener listener) {
            guarded(listener, "sessionWillPassivate",
                    () -> listener.sessionWillPassivate(new HttpSessionEvent(view(session))));
        }
    }
}
