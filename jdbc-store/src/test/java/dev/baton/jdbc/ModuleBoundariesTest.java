/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The JDBC store uses core's API and SPI only, its public types show none of its internals, its classes are small. */
class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenNoPrivatePackageLeaks() {
        ModuleBoundaries.check("dev.baton.jdbc");
    }
}
