/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.baton.core.BatonConfig;
import dev.baton.core.ConfigKey;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Baton's configuration from a Spring Boot app's {@code Environment}: every {@code baton.<key>} property (relaxed
 * names: {@code baton.store-timeout} or {@code baton.storeTimeout}), in Spring's order of precedence, then Boot's own
 * {@code server.servlet.session.*} properties for what no {@code baton.*} property sets, and the app's base packages
 * added to {@code allowedClasses}. A {@code baton.*} property in the app's configuration that names no key fails, naming
 * the nearest one; system properties and environment variables are ambient and stay lenient, as everywhere.
 */
final class SpringBatonSettings {

    private static final Logger LOG = LoggerFactory.getLogger(SpringBatonSettings.class);
    private static final String PREFIX = "baton.";
    private static final String SESSION = "server.servlet.session.";
    private static final String COOKIE = SESSION + "cookie.";

    /** A value and where it came from, for messages. */
    private record Setting(String value, String source) {
    }

    private final ConfigurableEnvironment environment;
    private final List<String> basePackages;
    private final Map<ConfigKey<?>, Setting> settings = new LinkedHashMap<>();

    /**
     * @param environment the app's environment
     * @param basePackages the packages Boot scans ({@code AutoConfigurationPackages}), allowed in the store
     */
    SpringBatonSettings(ConfigurableEnvironment environment, List<String> basePackages) {
        this.environment = requireNonNull(environment, "environment");
        this.basePackages = List.copyOf(basePackages);
    }

    /**
     * Resolves the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException for an unknown {@code baton.*} property or a bad value, naming the property
     *     and where it is set
     * @throws IllegalStateException for conflicting settings
     */
    BatonConfig resolve() {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                readBatonProperties(enumerable);
            }
        }
        applyServerSession();
        allowBasePackages();
        Map<String, String> explicit = new LinkedHashMap<>();
        settings.forEach((key, setting) -> {
            checkAlone(key.key(), setting);
            explicit.put(key.key(), setting.value());
        });
        return BatonConfig.resolve(explicit, "Spring Boot properties");
    }

    private void readBatonProperties(EnumerablePropertySource<?> source) {
        String sourceName = source.getName();
        boolean environmentVariables = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(sourceName);
        boolean systemProperties = StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(sourceName);
        for (String name : source.getPropertyNames()) {
            Optional<ConfigKey<?>> key;
            String described;
            if (environmentVariables) {
                // Only the exact BATON_<KEY> form, as BatonConfig reads it; others are ambient and only warned about.
                key = find(k -> k.environmentVariable().equals(name));
                described = "environment variable " + name;
            } else if (systemProperties) {
                key = find(k -> k.systemProperty().equals(name));
                described = "system property " + name;
            } else if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                String relaxed = name.substring(PREFIX.length());
                key = find(k -> canonical(k.key()).equals(canonical(relaxed)));
                described = "Spring property " + name + origin(source, name);
                if (key.isEmpty()) {
                    checkAlone(camelCase(relaxed), new Setting(String.valueOf(source.getProperty(name)), described));
                }
            } else {
                continue;
            }
            if (key.isPresent() && !settings.containsKey(key.get())) {
                String value = environment.resolveRequiredPlaceholders(String.valueOf(source.getProperty(name)));
                settings.put(key.get(), new Setting(value, described));
            }
        }
    }

    /** Boot's session timeout and cookie settings, for each key no {@code baton.*} setting names. */
    private void applyServerSession() {
        bootProperty(SESSION + "timeout").ifPresent(text -> {
            Duration timeout = DurationStyle.detectAndParse(text, ChronoUnit.SECONDS);
            // Zero or less means never: Boot gives the container 0 minutes, which the filter reads as never.
            if (!timeout.isZero() && !timeout.isNegative()) {
                fromBoot(ConfigKey.MAX_INACTIVE_INTERVAL, SESSION + "timeout", timeout.toString());
            }
        });
        bootProperty(COOKIE + "name").ifPresent(v -> fromBoot(ConfigKey.COOKIE_NAME, COOKIE + "name", v));
        bootProperty(COOKIE + "domain").ifPresent(v -> fromBoot(ConfigKey.COOKIE_DOMAIN, COOKIE + "domain", v));
        bootProperty(COOKIE + "secure").ifPresent(v -> fromBoot(ConfigKey.COOKIE_SECURE, COOKIE + "secure", v));
        bootProperty(COOKIE + "same-site").ifPresent(v -> fromBoot(ConfigKey.COOKIE_SAME_SITE, COOKIE + "same-site", v));
        List<String> unapplied = new ArrayList<>();
        bootProperty(COOKIE + "path").ifPresent(v -> unapplied.add(COOKIE + "path=" + v
                + " (the cookie's path is the context path)"));
        bootProperty(COOKIE + "max-age").ifPresent(v -> unapplied.add(COOKIE + "max-age=" + v
                + " (the cookie lasts until the browser closes)"));
        bootProperty(COOKIE + "http-only").filter("false"::equalsIgnoreCase).ifPresent(v -> unapplied.add(
                COOKIE + "http-only=false (the cookie is always HttpOnly)"));
        bootProperty(COOKIE + "partitioned").filter("true"::equalsIgnoreCase).ifPresent(v -> unapplied.add(
                COOKIE + "partitioned=true (the cookie is never partitioned)"));
        if (!unapplied.isEmpty()) {
            LOG.warn("Baton's session cookie does not apply {}", String.join(", ", unapplied));
        }
    }

    private void fromBoot(ConfigKey<?> key, String property, String value) {
        settings.putIfAbsent(key, new Setting(value, "Spring property " + property));
    }

    private Optional<String> bootProperty(String name) {
        return Optional.ofNullable(environment.getProperty(name)).filter(v -> !v.isBlank());
    }

    /** The app's base packages join {@code allowedClasses}, whatever else it lists. */
    private void allowBasePackages() {
        if (basePackages.isEmpty()) {
            return;
        }
        List<String> entries = new ArrayList<>();
        Setting given = settings.get(ConfigKey.ALLOWED_CLASSES);
        if (given != null) {
            entries.add(given.value());
        }
        basePackages.forEach(p -> entries.add(p + "."));
        String source = given != null ? given.source() + ", plus the app's base packages"
                : "the app's base packages (@SpringBootApplication)";
        settings.put(ConfigKey.ALLOWED_CLASSES, new Setting(String.join(",", entries), source));
    }

    /**
     * Checks one setting on its own, so that a bad value or an unknown key is reported with the property and the file
     * that set it. Rules that span keys are checked when all are resolved together.
     */
    private static void checkAlone(String key, Setting setting) {
        try {
            BatonConfig.resolve(Map.of(key, setting.value()), setting.source(), Map.of(), Map.of());
        } catch (IllegalStateException spansKeys) {
            // Reported by the resolution of all settings, with the other key in view.
        }
    }

    private static Optional<ConfigKey<?>> find(java.util.function.Predicate<ConfigKey<?>> test) {
        return ConfigKey.values().stream().filter(test).findFirst();
    }

    /** The name with dashes and underscores dropped, lower case: relaxed names of one key compare equal. */
    private static String canonical(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** {@code store-timout} as {@code storeTimout}, for the "did you mean" of an unknown property. */
    private static String camelCase(String name) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    private static String origin(PropertySource<?> source, String name) {
        Origin origin = source instanceof OriginLookup<?> ? OriginLookup.getOrigin(source, name) : null;
        return origin != null ? ", " + origin : ", " + source.getName();
    }
}
