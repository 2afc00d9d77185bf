/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.testing.TestServices;

class MariadbConcurrentChangeIdIT extends ConcurrentChangeIdContract {

    @Override
    protected String storeUri() {
        return TestServices.mariadbUrl();
    }
}
