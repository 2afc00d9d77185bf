package dev.baton.jdbc;

import dev.baton.core.testing.TestServices;

class PostgresSessionStoreIT extends JdbcContract {

    @Override
    protected String storeUri() {
        return TestServices.postgresUrl();
    }
}
