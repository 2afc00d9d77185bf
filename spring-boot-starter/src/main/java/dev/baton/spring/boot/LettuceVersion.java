/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check that the Lettuce on the class path is one the Redis store's guarantees hold with. From Lettuce 6.7, a
 * command in flight when the connection drops fails instead of being re-sent after the reconnect, where a late copy of
 * an older write could undo later ones. Spring Boot's dependency management picks Lettuce's version in the app's
 * build (Boot 3.5 picks 6.6), whatever version Baton declares.
 */
final class LettuceVersion {

    /** The oldest Lettuce the Redis store supports, as {major, minor}. */
    private static final int[] REQUIRED = {6, 7};
    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+).*");

    private LettuceVersion() {
    }

    /**
     * Fails when the Lettuce on the class path is older than 6.7.
     *
     * @param implementationVersion Lettuce's {@code Implementation-Version}, such as {@code 6.8.1.RELEASE/ec0535e}, or
     *     {@code null} when its jar doesn't say (then nothing is checked)
     * @throws IllegalStateException naming the version found, the version needed and how to set it
     */
    static void check(String implementationVersion) {
        if (implementationVersion == null) {
            return;
        }
        Matcher m = MAJOR_MINOR.matcher(implementationVersion);
        if (!m.matches()) {
            return;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < REQUIRED[0] || (major == REQUIRED[0] && minor < REQUIRED[1])) {
            String found = implementationVersion.split("/", 2)[0];
            String wanted = recommended();
            throw new IllegalStateException("Lettuce " + found + " is on the class path, but Baton's Redis store needs "
                    + "Lettuce " + REQUIRED[0] + "." + REQUIRED[1] + " or later (before 6.7, a command in flight when "
                    + "the connection drops is re-sent after the reconnect and can undo later session writes). "
                    + "Spring Boot's dependency management chose it: set <lettuce.version>" + wanted
                    + "</lettuce.version> in the app's pom.xml properties, or ext['lettuce.version'] = '" + wanted
                    + "' in build.gradle");
        }
    }

    /**
     * The {@code Implementation-Version} of the Lettuce on the class path.
     *
     * @return the version, or {@code null} when Lettuce is absent or its jar doesn't say
     */
    static String onClassPath() {
        try {
            Class<?> client = Class.forName("io.lettuce.core.RedisClient", false, LettuceVersion.class.getClassLoader());
            return client.getPackage() == null ? null : client.getPackage().getImplementationVersion();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The Lettuce version Baton is built and tested with (the root pom's {@code lettuce.version}). */
    static String recommended() {
        try (InputStream in = LettuceVersion.class.getResourceAsStream("lettuce.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
