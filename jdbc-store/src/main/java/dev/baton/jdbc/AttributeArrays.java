package dev.baton.jdbc;

import dev.baton.core.SessionChange;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A change's attributes as SQL arrays, for PostgreSQL's one-statement saves: the names set and their bytes, in the
 * same order, and the names removed. Freed on close.
 */
record AttributeArrays(Array names, Array bytes, Array removed) implements AutoCloseable {

    static AttributeArrays of(Connection connection, SessionChange change) throws SQLException {
        List<String> setNames = List.copyOf(change.setAttributes().keySet());
        byte[][] setBytes = new byte[setNames.size()][];
        for (int i = 0; i < setNames.size(); i++) {
            setBytes[i] = change.setAttributes().get(setNames.get(i));
        }
        return new AttributeArrays(connection.createArrayOf("text", setNames.toArray(String[]::new)),
                connection.createArrayOf("bytea", setBytes),
                connection.createArrayOf("text", change.removedAttributes().toArray(String[]::new)));
    }

    @Override
    public void close() throws SQLException {
        names.free();
        bytes.free();
        removed.free();
    }
}
