package dev.baton.jdbc;

import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2StatementsIT extends JdbcStatements {

    @Override
    protected String url() {
        return "jdbc:h2:mem:baton_statements;DB_CLOSE_DELAY=-1";
    }

    @Override
    protected DataSource dataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url());
        return h2;
    }

    @Override
    protected Map<String, Integer> expectedRoundTrips() {
        return Map.of("create", 4, "load", 1, "delta", 4, "touch", 2, "changeId", 1, "delete", 1, "gone", 2,
                "reapExpired", 4, "reapExpired, none", 1);
    }

    @Override
    protected String ddlResource() {
        return "schema-h2.sql";
    }

    @Override
    protected boolean createsSchemaByDefault() {
        return true;
    }
}
