/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.jdbc.StoredNames.Attribute;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A change's attribute rows as SQL arrays, for PostgreSQL's one-statement saves: the name columns written and their
 * bytes, in the same order, and the name columns removed. Freed on close.
 */
record AttributeArrays(Array names, Array bytes, Array removed) implements AutoCloseable {

    static AttributeArrays of(Connection connection, AttributeWrites writes) throws SQLException {
        String[] names = writes.written().stream().map(Attribute::name).toArray(String[]::new);
        byte[][] bytes = writes.written().stream().map(Attribute::bytes).toArray(byte[][]::new);
        return new AttributeArrays(connection.createArrayOf("text", names), connection.createArrayOf("bytea", bytes),
                connection.createArrayOf("text", writes.removed().toArray(String[]::new)));
    }

    @Override
    public void close() throws SQLException {
        names.free();
        bytes.free();
        removed.free();
    }
}
