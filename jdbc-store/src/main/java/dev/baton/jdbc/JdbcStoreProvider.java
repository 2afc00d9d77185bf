/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SessionStore;
import dev.baton.core.SessionStoreProvider;
import dev.baton.core.StoreContext;
import java.util.Set;

/** Opens {@link JdbcSessionStore}s, with a HikariCP pool of their own, for {@code jdbc:} URLs. */
public final class JdbcStoreProvider implements SessionStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("jdbc");
    }

    @Override
    public SessionStore open(StoreContext context) {
        return JdbcSessionStore.open(context);
    }
}
