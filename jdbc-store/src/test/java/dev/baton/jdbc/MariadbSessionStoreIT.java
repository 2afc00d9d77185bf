package dev.baton.jdbc;

import dev.baton.core.testing.TestServices;

class MariadbSessionStoreIT extends JdbcContract {

    @Override
    protected String storeUri() {
        return TestServices.mariadbUrl();
    }
}
