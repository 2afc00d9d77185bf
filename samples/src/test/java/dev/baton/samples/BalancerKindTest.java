/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BalancerKindTest {

    @Test
    void parseWhenKnownThenTheKindItNames() {
        assertThat(Balancer.Kind.parse("haproxy")).isEqualTo(Balancer.Kind.HAPROXY);
        assertThat(Balancer.Kind.parse("jetty")).isEqualTo(Balancer.Kind.JETTY);
    }

    @Test
    void parseWhenUnknownThenSaysWhichAreKnown() {
        assertThatThrownBy(() -> Balancer.Kind.parse("nginx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--balancer is haproxy or jetty, not nginx");
    }
}
