/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The servlet plumbing uses core's API only, and its public types show none of core's internals. */
class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenNoPrivatePackageLeaks() {
        ModuleBoundaries.check("dev.baton.servlet.common");
    }
}
