package dev.baton.servlet;

import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.JettyNodes;

class JettyPostgresStoreIT extends PostgresScenarios {

    @Override
    protected Node.Factory container() {
        return new JettyNodes();
    }
}
