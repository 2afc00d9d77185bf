package dev.baton.jdbc;

import dev.baton.core.testing.TestServices;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

class MariadbStatementsIT extends JdbcStatements {

    @Override
    protected String url() {
        return TestServices.mariadbUrl();
    }

    @Override
    protected DataSource dataSource() throws SQLException {
        return new MariaDbDataSource(url());
    }

    @Override
    protected Map<String, Integer> expectedRoundTrips() {
        return Map.of("create", 4, "load", 1, "delta", 4, "touch", 2, "changeId", 1, "delete", 1, "gone", 2,
                "reapExpired", 4, "reapExpired, none", 2);
    }

    @Override
    protected String ddlResource() {
        return "schema-mariadb.sql";
    }

    @Override
    protected boolean createsSchemaByDefault() {
        return false;
    }
}
