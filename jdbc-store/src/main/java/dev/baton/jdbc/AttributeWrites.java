/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.SessionChange;
import dev.baton.jdbc.StoredNames.Attribute;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute rows a change writes, and the name columns of the rows it deletes, as {@link StoredNames} lays them
 * out: a principal too long for its column adds its own row.
 *
 * @param written the rows to insert or replace: name column and bytes
 * @param removed the name columns of the rows to delete
 */
record AttributeWrites(List<Attribute> written, List<String> removed) {

    static AttributeWrites of(SessionChange change) {
        List<Attribute> written = new ArrayList<>(change.setAttributes().size() + 1);
        change.setAttributes().forEach((name, bytes) -> written.add(StoredNames.row(name, bytes)));
        byte[] principal = StoredNames.principalRow(change.principal());
        if (principal != null) {
            written.add(new Attribute(StoredNames.PRINCIPAL_ROW, principal));
        }
        return new AttributeWrites(written, change.removedAttributes().stream().map(StoredNames::column).toList());
    }
}
