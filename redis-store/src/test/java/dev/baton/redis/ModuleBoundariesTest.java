/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The Redis store uses core's API and SPI only, and its public types show none of its internals. */
class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenNoPrivatePackageLeaks() {
        ModuleBoundaries.check("dev.baton.redis");
    }
}
