/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

class H2ConcurrentChangeIdIT extends ConcurrentChangeIdContract {

    @Override
    protected String storeUri() {
        return "jdbc:h2:mem:change-id-race;DB_CLOSE_DELAY=-1";
    }
}
