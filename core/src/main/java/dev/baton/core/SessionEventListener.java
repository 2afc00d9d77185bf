/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

/**
 * What the request logic tells a front end about sessions, so that it can fire the Servlet listeners: the events of
 * {@code HttpSessionListener}, {@code HttpSessionAttributeListener}, {@code HttpSessionIdListener}, and the calls due
 * to values that are {@code HttpSessionBindingListener} or {@code HttpSessionActivationListener}.
 *
 * <p>Events come in the order Tomcat's {@code StandardSession} fires them. Each method is called on the request's
 * thread (the reaper's for expiry); a method that throws is logged and the request goes on. Every method does nothing
 * by default.
 */
public interface SessionEventListener {

    /**
     * A session was created in this request.
     *
     * @param session the new session
     */
    default void sessionCreated(BatonSession session) {
    }

    /**
     * A session is being destroyed, by invalidation on the invalidating node or by expiry on the node whose reaper
     * claimed it; once per session in the whole cluster. Its attributes are still readable during this call.
     *
     * @param session the session
     */
    default void sessionDestroyed(BatonSession session) {
    }

    /**
     * The session's ID changed.
     *
     * @param session the session, with its new ID
     * @param oldId the previous ID
     */
    default void sessionIdChanged(BatonSession session, String oldId) {
    }

    /**
     * An attribute was added.
     *
     * @param session the session
     * @param name its name
     * @param value the value
     */
    default void attributeAdded(BatonSession session, String name, Object value) {
    }

    /**
     * An attribute was replaced.
     *
     * @param session the session
     * @param name its name
     * @param oldValue the value it had
     */
    default void attributeReplaced(BatonSession session, String name, Object oldValue) {
    }

    /**
     * An attribute was removed.
     *
     * @param session the session
     * @param name its name
     * @param value the value it had
     */
    default void attributeRemoved(BatonSession session, String name, Object value) {
    }

    /**
     * A value is being bound to the session, before it is stored.
     *
     * @param session s
     * @param name n
     * @param value v
     */
    default void valueBound(BatonSession session, String name, Object value) {
    }

    /**
     * A value was unbound from the session.
     *
     * @param session s
     * @param name n
     * @param value the unbound value
     */
    default void valueUnbound(BatonSession session, String name, Object value) {
    }

    /**
     * A value was decoded from the store on this node: {@code sessionDidActivate} time.
     *
     * @param session the session
     * @param name the attribute
     * @param value the decoded value
     */
    default void valueActivated(BatonSession session, String name, Object value) {
    }

    /**
     * A value is about to be encoded for the store: {@code sessionWillPassivate} time.
     *
     * @param session the session
     * @param name the attribute
     * @param value the value
     */
    default void valueWillPassivate(BatonSession session, String name, Object value) {
    }

    /**
     * Whether {@link #valueActivated} and {@link #valueWillPassivate} may act on {@code value}: when not, the engine
     * makes neither call for it. Asked for every value a request reads or saves, so it should answer at once.
     * {@code true} by default.
     *
     * @param value the attribute's value, not {@code null}
     * @return whether the value's activation events are worth making
     */
    default boolean observesActivation(Object value) {
        return true;
    }
}
