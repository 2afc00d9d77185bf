/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import dev.baton.core.BatonSession;
import dev.baton.core.SessionEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records session events as short strings, such as {@code added:user}, for tests that check their order. */
public final class RecordingListener implements SessionEventListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** The events so far. */
    public List<String> events() {
        return events;
    }

    @Override
    public void sessionCreated(BatonSession session) {
        events.add("created");
    }

    @Override
    public void sessionDestroyed(BatonSession session) {
        events.add("destroyed:" + String.join(",", session.getAttributeNames()));
    }

    @Override
    public void sessionIdChanged(BatonSession session, String oldId) {
        events.add("idChanged");
    }

    @Override
    public void attributeAdded(BatonSession session, String name, Object value) {
        events.add("added:" + name);
    }

    @Override
    public void attributeReplaced(BatonSession session, String name, Object oldValue) {
        events.add("replaced:" + name + "=" + oldValue);
    }

    @Override
    public void attributeRemoved(BatonSession session, String name, Object value) {
        events.add("removed:" + name + "=" + value);
    }

    @Override
    public void valueBound(BatonSession session, String name, Object value) {
        events.add("bound:" + name);
    }

    @Override
    public void valueUnbound(BatonSession session, String name, Object value) {
        events.add("unbound:" + name);
    }
}
