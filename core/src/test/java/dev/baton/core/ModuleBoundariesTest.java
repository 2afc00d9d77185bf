/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** Core's public types show none of core's private packages. */
class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenNoPrivatePackageLeaks() {
        ModuleBoundaries.check("dev.baton.core");
    }
}
