/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.memory;

import dev.baton.core.SessionStore;
import dev.baton.core.StoreContext;
import dev.baton.core.contract.SessionStoreContract;

/** The memory store passes the whole store contract, locks included; "other nodes" share the one instance, as in one JVM. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private InMemorySessionStore shared;

    @Override
    protected String storeUri() {
        return "memory:";
    }

    @Override
    protected SessionStore openStore(StoreContext context) {
        if (shared == null) {
            shared = (InMemorySessionStore) super.openStore(context);
        }
        return shared;
    }
}
