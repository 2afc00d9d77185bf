/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.internal;

import dev.baton.core.ConfigKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** Configuration keys by name, as users write them, with suggestions for names that match none. Not API. */
public final class ConfigValues {


    private ConfigValues() {
    }

    /**
     * The key of that name, from an explicit source, where an unknown name is a mistake.
     *
     * @param name a key as users write it
     * @param source where the name came from, for the message
     * @return the key
     * @throws IllegalArgumentException naming the nearest known key when there is none of that name
     */
    public static ConfigKey<?> requireKey(String name, String source) {
        return keyNamed(name).orElseThrow(() -> new IllegalArgumentException("Unknown configuration key '" + name
                + "' (" + source + "); did you mean '" + nearest(name, false) + "'?"));
    }

    /**
     * The key of that name.
     *
     * @param name a key as users write it
     * @return the key, or empty when there is none of that name
     */
    public static Optional<ConfigKey<?>> keyNamed(String name) {
        for (ConfigKey<?> key : ConfigKey.values()) {
            if (key.key().equals(name)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /**
     * The key of an environment variable such as {@code BATON_STORE_TIMEOUT}.
     *
     * @param variable the variable's name, starting with {@code BATON_}
     * @return the key, or empty when no key has that variable
     */
    public static Optional<ConfigKey<?>> keyForEnvironment(String variable) {
        for (ConfigKey<?> key : ConfigKey.values()) {
            if (key.environmentVariable().equals(variable)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /**
     * Names of ambient variables or properties that match no key, each with the nearest key when it looks like a typo
     * of one: {@code BATON_STORE_TIMEOUTS (did you mean BATON_STORE_TIMEOUT?), BATON_SERVICE_HOST}.
     *
     * @param names environment variable names ({@code BATON_...}) or {@code -Dbaton....} property names
     * @return the names, comma-separated; never their values
     */
    public static String describeUnknown(List<String> names) {
        StringJoiner text = new StringJoiner(", ");
        for (String name : names) {
            boolean environment = !name.startsWith("-D");
            String bare = environment ? name : name.substring("-Dbaton.".length());
            String nearest = nearest(bare, environment);
            int distance = distance(bare.toLowerCase(Locale.ROOT), nearest.toLowerCase(Locale.ROOT));
            text.add(distance <= 2 ? name + " (did you mean " + (environment ? "" : "-Dbaton.") + nearest + "?)" : name);
        }
        return text.toString();
    }

    private static String nearest(String name, boolean environment) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey<?> key : ConfigKey.values()) {
            String candidate = environment ? key.environmentVariable() : key.key();
            int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
