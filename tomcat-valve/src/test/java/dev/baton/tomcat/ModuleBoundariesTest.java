/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The Tomcat manager uses core's and servlet-common's API only, never another module's internal package. */
class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenNoPrivatePackageLeaks() {
        ModuleBoundaries.check("dev.baton.tomcat");
    }
}
