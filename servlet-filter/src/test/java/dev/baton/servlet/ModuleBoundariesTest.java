/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The filter uses core's and servlet-common's API only; its own internal package is its alone. */
class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenNoPrivatePackageLeaks() {
        ModuleBoundaries.check("dev.baton.servlet");
    }
}
