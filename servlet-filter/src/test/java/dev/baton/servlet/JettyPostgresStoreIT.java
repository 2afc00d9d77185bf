/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.JettyNodes;

class JettyPostgresStoreIT extends PostgresScenarios {

    @Override
    protected Node.Factory container() {
        return new JettyNodes();
    }
}
