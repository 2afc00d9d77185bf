/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.micrometer;

import dev.baton.core.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

class ModuleBoundariesTest {

    @Test
    void mainClassesWhenCheckedThenUseNoOtherModulesInternalsAndStayShort() {
        ModuleBoundaries.check("dev.baton.micrometer");
    }
}
