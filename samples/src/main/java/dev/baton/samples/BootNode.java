/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import dev.baton.samples.boot.BootShop;
import org.springframework.boot.SpringApplication;

/**
 * One node of the sample cluster running the Spring Boot shop ({@code --app boot}): {@link BootShop} on its embedded
 * Tomcat. Run by {@link Cluster} as a separate JVM, with Spring Boot's arguments (port, address, and the folder of
 * the {@code application.properties} that sets {@code baton.store}); exits with the launcher, as {@link Node} does.
 */
public final class BootNode {

    private BootNode() {
    }

    /**
     * Starts the node.
     *
     * @param args Spring Boot's command-line arguments
     */
    public static void main(String[] args) {
        Node.exitWithLauncher();
        SpringApplication.run(BootShop.class, args);
    }
}
