/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import java.util.stream.Stream;

/** The containers every container-generic test runs on, for {@code @MethodSource}. */
public final class Containers {

    private Containers() {
    }

    /** Embedded Tomcat, then embedded Jetty. */
    public static Stream<Node.Factory> all() {
        return Stream.of(new TomcatNodes(), new JettyNodes());
    }
}
