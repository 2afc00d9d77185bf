package dev.baton.servlet;

import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;

class TomcatPostgresStoreIT extends PostgresScenarios {

    @Override
    protected Node.Factory container() {
        return new TomcatNodes();
    }
}
