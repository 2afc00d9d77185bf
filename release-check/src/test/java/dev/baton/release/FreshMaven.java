/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Maven run on a user's new project, as a user's machine would: it resolves from a repository that holds only what
 * this build installed (invoker:install, {@code itRepository}) plus, as a mirror of Central, the build's own local
 * repository.
 */
final class FreshMaven {

    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(3);

    private FreshMaven() {
    }

    /**
     * Writes the project's settings.xml and runs Maven on it; fails the test, with Maven's output, unless Maven
     * succeeds.
     *
     * @param project the project's directory, its pom.xml written
     * @param goals goals and properties, as on the command line
     */
    static void run(Path project, String... goals) throws IOException, InterruptedException {
        Files.writeString(project.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>central</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("mainRepository")).toUri()));
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
        Path log = project.resolve("maven.log");
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-s", "settings.xml",
                "-Dmaven.repo.local=" + System.getProperty("itRepository")));
        command.addAll(List.of(goals));
        Process maven = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = maven.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            maven.destroyForcibly();
        }
        assertThat(finished && maven.exitValue() == 0)
                .as("Maven runs %s on the fresh project; its output:%n%s", List.of(goals), Files.readString(log))
                .isTrue();
    }
}
