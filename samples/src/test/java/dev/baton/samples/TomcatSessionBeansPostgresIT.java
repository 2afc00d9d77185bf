/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

/** {@link TomcatSessionBeansScenarios} on a PostgreSQL database of its own, its tables made from the shipped DDL. */
class TomcatSessionBeansPostgresIT extends TomcatSessionBeansScenarios {

    private FreshPostgresDatabase database;

    @Override
    String store() throws Exception {
        database = FreshPostgresDatabase.create();
        return database.url();
    }

    @Override
    void dropStore() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
