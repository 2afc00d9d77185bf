/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.internal;

import dev.baton.core.EncryptionKey;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The grammar of configuration values: parses one value of one key, failing with {@code key=value (source): rule}.
 * Not API.
 */
public final class ConfigParser {
    private static final Pattern DURATION = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(-?\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}(\\.[A-Za-z_][A-Za-z0-9_]{0,47})?");
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?");

    private final String key;
    private final String value;
    private final String source;

    /**
     * A parser for one value.
     *
     * @param key the key's name
     * @param value the raw value
     * @param source where it came from
     */
    public ConfigParser(String key, String value, String source) {
        this.key = key;
        this.value = value;
        this.source = source;
    }

    /**
     * The raw value, trimmed.
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    /**
     * The failure for this value.
     *
     * @param rule what is allowed
     * @return the exception to throw
     */
    public IllegalArgumentException fail(String rule) {
        return new IllegalArgumentException(key + "=" + value + " (" + source + "): " + rule);
    }

    /**
     * The failure for a secret value, which is not shown.
     *
     * @param rule what is allowed
     * @return the exception to throw
     */
    public IllegalArgumentException failMasked(String rule) {
        return new IllegalArgumentException(key + "=**** (" + source + "): " + rule);
    }

    /**
     * A duration > 0.
     *
     * @return the duration
     */
    public Duration positiveDuration() {
        Duration duration = duration();
        if (duration.isZero() || duration.isNegative()) {
            throw fail("must be > 0");
        }
        return duration;
    }

    private Duration duration() {
        String rule = "must be a duration such as 500ms, 90s, 30m, 2h, 1d, PT30M, or a number of seconds";
        if (value.startsWith("P") || value.startsWith("p") || value.startsWith("-P")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw fail(rule);
            }
        }
        Matcher m = matched(DURATION, rule);
        long amount = amount(m, rule);
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The value matched against a number-and-unit pattern, or the failure that states {@code rule}. */
    private Matcher matched(Pattern pattern, String rule) {
        Matcher m = pattern.matcher(value);
        if (!m.matches()) {
            throw fail(rule);
        }
        return m;
    }

    /** The number of a number-and-unit value (group 1), or the failure that states {@code rule}. */
    private long amount(Matcher m, String rule) {
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw fail(rule);
        }
    }

    /**
     * A size in bytes > 0.
     *
     * @return the size
     */
    public long positiveSize() {
        long size = signedSize();
        if (size <= 0) {
            throw fail("must be > 0");
        }
        return size;
    }

    /**
     * A size in bytes >= 0.
     *
     * @return the size
     */
    public long size() {
        long size = signedSize();
        if (size < 0) {
            throw fail("must be >= 0");
        }
        return size;
    }

    private long signedSize() {
        String rule = "must be a size such as 512KiB, 1MiB, 1GiB or a number of bytes";
        Matcher m = matched(SIZE, rule);
        long amount = amount(m, rule);
        long multiplier = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (Math.abs(amount) > Long.MAX_VALUE / multiplier) {
            throw fail(rule);
        }
        return amount * multiplier;
    }

    /**
     * An integer in {@code [min, max]}.
     *
     * @param min least
     * @param max most
     * @return the integer
     */
    public int intInRange(int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw fail("must be from " + min + " to " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw fail("must be a whole number from " + min + " to " + max);
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @return the boolean
     */
    public boolean bool() {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw fail("must be true or false");
        };
    }

    /**
     * An HTTP token (cookie or header name).
     *
     * @return the value
     */
    public String token() {
        if (!TOKEN.matcher(value).matches()) {
            throw fail("must be a non-empty HTTP token (letters, digits and !#$%&'*+.^_`|~-)");
        }
        return value;
    }

    /**
     * Any text with a non-space character.
     *
     * @return the value
     */
    public String nonBlank() {
        if (value.isBlank()) {
            throw fail("must not be empty");
        }
        return value;
    }

    /**
     * A SQL identifier, optionally schema-qualified.
     *
     * @return the value
     */
    public String sqlIdentifier() {
        if (!SQL_IDENTIFIER.matcher(value).matches()) {
            throw fail("must be a SQL identifier of letters, digits and _ (optionally schema.table), "
                    + "at most 48 characters each");
        }
        return value;
    }

    /**
     * A comma-separated list of Java class names, or also package prefixes ending in '.'.
     *
     * @param prefixesAllowed whether entries may be package prefixes
     * @return the entries
     */
    public List<String> javaNames(boolean prefixesAllowed) {
        List<String> names = entries("must name at least one class");
        for (String name : names) {
            if (!JAVA_NAME.matcher(name).matches() || (!prefixesAllowed && name.endsWith("."))) {
                throw fail(prefixesAllowed
                        ? "must be comma-separated class names or package prefixes ending in '.'"
                        : "must be comma-separated fully qualified class names");
            }
        }
        return names;
    }

    /**
     * Comma-separated regular expressions, each compiled.
     *
     * @return the patterns
     */
    public List<Pattern> regularExpressions() {
        List<Pattern> patterns = new ArrayList<>();
        for (String entry : entries("must give at least one regular expression")) {
            try {
                patterns.add(Pattern.compile(entry));
            } catch (PatternSyntaxException e) {
                throw fail("'" + entry + "' is not a regular expression: " + e.getDescription());
            }
        }
        return List.copyOf(patterns);
    }

    /** The comma-separated entries, trimmed, empty ones skipped; at least one. */
    private List<String> entries(String ruleWhenNone) {
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        if (entries.isEmpty()) {
            throw fail(ruleWhenNone);
        }
        return List.copyOf(entries);
    }

    /**
     * Comma-separated {@code id:base64} AES-256 keys, each ID once. Messages never show the value.
     *
     * @return the keys, the first encrypting
     */
    public List<EncryptionKey> encryptionKeys() {
        List<EncryptionKey> keys = new ArrayList<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw failMasked("each key must be id:base64 of 32 bytes, e.g. k1:<44 base64 characters>");
            }
            String id = trimmed.substring(0, colon);
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw failMasked("key '" + id + "' is not valid base64");
            }
            EncryptionKey key;
            try {
                key = new EncryptionKey(id, secret);
            } catch (IllegalArgumentException e) {
                throw failMasked(e.getMessage());
            }
            if (keys.stream().anyMatch(existing -> existing.id().equals(id))) {
                throw failMasked("key id '" + id + "' appears twice");
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    /**
     * One constant of an enum, written in lower case with dashes ({@code on-mutation}) or as the constant.
     *
     * @param type the enum
     * @param <E> the enum type
     * @return the constant
     */
    public <E extends Enum<E>> E oneOf(Class<E> type) {
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String written = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            allowed.add(written);
            if (written.equalsIgnoreCase(value) || constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw fail("must be one of " + String.join(", ", allowed));
    }
}
