/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts session creations and destructions, and records what each destroyed session still held. */
public final class CountingSessionListener implements HttpSessionListener {

    /** Sessions created. */
    public final AtomicInteger created = new AtomicInteger();
    /** Sessions destroyed. */
    public final AtomicInteger destroyed = new AtomicInteger();
    /** The "user" attribute of each destroyed session, read inside sessionDestroyed. */
    public final List<Object> usersAtDestruction = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        created.incrementAndGet();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        usersAtDestruction.add(event.getSession().getAttribute("user"));
        destroyed.incrementAndGet();
    }
}
