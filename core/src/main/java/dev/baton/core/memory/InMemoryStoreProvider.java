/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.memory;

import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreProvider;
import dev.baton.core.StoreContext;
import java.util.Set;

/** Opens an {@link InMemorySessionStore} for {@code store=memory:}. Each call opens a new, empty store. */
public final class InMemoryStoreProvider implements SessionStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public SessionStore open(StoreContext context) {
        if (!context.uri().equals("memory:")) {
            throw new IllegalArgumentException("store=" + context.maskedUri() + ": the memory store takes no address; "
                    + "write store=memory:");
        }
        return new InMemorySessionStore(context.clock());
    }
}
