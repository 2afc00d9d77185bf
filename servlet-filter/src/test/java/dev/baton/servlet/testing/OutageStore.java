/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A store that the test takes down and brings back: while down, every call fails as an unreachable store's does
 * ({@link SessionStoreUnavailableException}), lock renewals and releases included.
 */
public final class OutageStore {

    private final SessionStore store;
    private volatile boolean down;

    /** @param delegate the store that does the work while the store is up */
    public OutageStore(SessionStore delegate) {
        this.store = (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                    if (down && !method.getName().equals("close")) {
                        throw new SessionStoreUnavailableException(method.getName(), "memory:", 0, null,
                                "the test took the store down", null);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The store to hand to the front end. */
    public SessionStore store() {
        return store;
    }

    /** Every call fails from now on. */
    public void down() {
        down = true;
    }

    /** Calls reach the store again. */
    public void up() {
        down = false;
    }
}
