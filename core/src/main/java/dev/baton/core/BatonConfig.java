/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import dev.baton.core.internal.ConfigValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Baton's configuration, typed, validated and immutable. Every key is a {@link ConfigKey}, which also
 * holds the key's grammar and default; this class holds the values that were set and answers each getter from them or
 * from the key's default.
 *
 * <p>Values come from, in order of precedence: the explicit source (filter init-params, Manager attributes, Spring
 * Boot properties or a {@link Builder}), system properties {@code baton.<key>}, and environment variables
 * {@code BATON_<KEY>}. An explicit key that is unknown, or any bad value, fails at once with a message naming the key,
 * the value, where it came from and what is allowed: {@code maxInactiveInterval=-5m (init-param): must be > 0}. A bad
 * value is never replaced by a default. System properties and environment variables are ambient (a Kubernetes pod gets
 * {@code BATON_SERVICE_HOST} for a Service named {@code baton}), so unknown names there are ignored with one warning
 * that names them.
 */
public final class BatonConfig {

    private static final Logger LOG = LoggerFactory.getLogger(BatonConfig.class);
    private static final Duration DEFAULT_MAX_INACTIVE = Duration.ofMinutes(30);

    /** Each key's value by {@link ConfigKey#index()} (an array: requests read some keys): set, else its default. */
    private final Object[] values;
    private final Map<ConfigKey<?>, String> sources;

    private BatonConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> sources) {
        this.values = new Object[ConfigKey.values().size()];
        for (ConfigKey<?> key : ConfigKey.values()) {
            Object value = values.get(key);
            this.values[key.index()] = value != null ? value : key.defaultValue().orElse(null);
        }
        this.sources = Map.copyOf(sources);
    }

    /**
     * Resolves the configuration from an explicit source, then this JVM's system properties and environment.
     *
     * @param explicit keys and values of the highest precedence
     * @param explicitSource how the explicit values are named in messages, such as {@code init-param}
     * @return the configuration
     * @throws IllegalArgumentException for an unknown explicit key or a bad value
     */
    public static BatonConfig resolve(Map<String, String> explicit, String explicitSource) {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return resolve(explicit, explicitSource, properties, System.getenv());
    }

    /**
     * Resolves the configuration from the three given sources.
     *
     * @param explicit keys and values of the highest precedence
     * @param explicitSource how the explicit values are named in messages
     * @param systemProperties all system properties; those starting with {@code baton.} are read
     * @param environment all environment variables; those starting with {@code BATON_} are read
     * @return the configuration
     * @throws IllegalArgumentException for an unknown explicit key or a bad value
     */
    public static BatonConfig resolve(Map<String, String> explicit, String explicitSource,
            Map<String, String> systemProperties, Map<String, String> environment) {
        requireNonNull(explicit, "explicit");
        requireNonNull(explicitSource, "explicitSource");
        requireNonNull(systemProperties, "systemProperties");
        requireNonNull(environment, "environment");
        Builder builder = new Builder();
        List<String> ignored = new ArrayList<>();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith("BATON_")) {
                ConfigValues.keyForEnvironment(name).ifPresentOrElse(
                        key -> builder.set(key, value, "environment variable " + name), () -> ignored.add(name));
            }
        });
        new TreeMap<>(systemProperties).forEach((name, value) -> {
            if (name.startsWith("baton.")) {
                ConfigValues.keyNamed(name.substring("baton.".length())).ifPresentOrElse(
                        key -> builder.set(key, value, "system property " + name), () -> ignored.add("-D" + name));
            }
        });
        explicit.forEach((name, value) -> builder.set(ConfigValues.requireKey(name, explicitSource), value,
                explicitSource));
        if (!ignored.isEmpty()) {
            LOG.warn("Ignored {} that name no Baton configuration key: {} (the keys are listed in README.md; "
                    + "explicit settings with an unknown key still fail)",
                    ignored.size() == 1 ? "a variable or property" : ignored.size() + " variables or properties",
                    ConfigValues.describeUnknown(ignored));
        }
        return builder.build();
    }

    /** {@return a builder for programmatic configuration; each value given as users write it in an init-param} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the store URI}
     *
     * @throws IllegalStateException when none was configured
     */
    public String store() {
        return find(ConfigKey.STORE).orElseThrow(() -> new IllegalStateException("store is not configured: set the "
                + "'store' key (init-param, Manager attribute, -Dbaton.store or BATON_STORE), e.g. "
                + "store=redis://127.0.0.1:6379"));
    }

    /** {@return whether a store URI was configured} */
    public boolean hasStore() {
        return isSet(ConfigKey.STORE);
    }

    /**
     * Whether a key was set by any source, rather than left to its default.
     *
     * @param key the key
     * @return {@code true} when some source set it
     */
    public boolean isSet(ConfigKey<?> key) {
        return sources.containsKey(requireNonNull(key, "key"));
    }

    /**
     * {@return the idle timeout, when configured; else the web app's {@code session-config} applies, else 30
     * minutes}
     */
    public Optional<Duration> maxInactiveInterval() {
        return find(ConfigKey.MAX_INACTIVE_INTERVAL);
    }

    /**
     * The idle timeout in force.
     *
     * @param webAppDefault the web app's {@code session-config} timeout, or {@code null}
     * @return the configured timeout, else {@code webAppDefault}, else 30 minutes
     */
    public Duration effectiveMaxInactiveInterval(Duration webAppDefault) {
        return maxInactiveInterval().orElse(webAppDefault != null ? webAppDefault : DEFAULT_MAX_INACTIVE);
    }

    /** {@return the cookie name, when configured} */
    public Optional<String> cookieName() {
        return find(ConfigKey.COOKIE_NAME);
    }

    /** {@return the extra allowed package prefixes and class names ({@code allowedClasses}); empty by default} */
    public List<String> allowedClasses() {
        return find(ConfigKey.ALLOWED_CLASSES).orElse(List.of());
    }

    /** {@return the bound on every store call} */
    public Duration storeTimeout() {
        return get(ConfigKey.STORE_TIMEOUT);
    }

    /** {@return the attribute codec} */
    public CodecKind codec() {
        return get(ConfigKey.CODEC);
    }

    /** {@return which attributes are written back} */
    public SaveMode saveMode() {
        return get(ConfigKey.SAVE_MODE);
    }

    /** {@return the cookie's SameSite} */
    public SameSite cookieSameSite() {
        return get(ConfigKey.COOKIE_SAME_SITE);
    }

    /** {@return the cookie's Secure rule} */
    public CookieSecure cookieSecure() {
        return get(ConfigKey.COOKIE_SECURE);
    }

    /** {@return whether {@code X-Forwarded-Proto} is believed} */
    public boolean trustForwardedHeaders() {
        return get(ConfigKey.TRUST_FORWARDED_HEADERS);
    }

    /** {@return the encryption keys, the first encrypting; empty (no encryption) by default} */
    public List<EncryptionKey> encryptionKeys() {
        return find(ConfigKey.ENCRYPTION_KEYS).orElse(List.of());
    }

    /** {@return the largest encoded session, in bytes} */
    public long maxSessionBytes() {
        return get(ConfigKey.MAX_SESSION_BYTES);
    }

    /** {@return the bytes of sessions a node keeps in its near cache, when configured (0: none)} */
    public Optional<Long> nearCacheSize() {
        return find(ConfigKey.NEAR_CACHE_SIZE);
    }

    /** {@return the absolute lifetime of a session, when configured} */
    public Optional<Duration> maxSessionAge() {
        return find(ConfigKey.MAX_SESSION_AGE);
    }

    /** {@return the listener class names (filter only); empty by default} */
    public List<String> listeners() {
        return find(ConfigKey.LISTENERS).orElse(List.of());
    }

    /** {@return the header carrying the session ID, when configured} */
    public Optional<String> sessionIdHeader() {
        return find(ConfigKey.SESSION_ID_HEADER);
    }

    /** {@return the cookie's Domain, when configured} */
    public Optional<String> cookieDomain() {
        return find(ConfigKey.COOKIE_DOMAIN);
    }

    /** {@return whether the cookie name gets the {@code __Host-} prefix} */
    public boolean cookieHostPrefix() {
        return get(ConfigKey.COOKIE_HOST_PREFIX);
    }

    /**
     * How often a read-only request refreshes the stored last access time.
     *
     * @param maxInactive the idle timeout in force
     * @return the configured interval, else {@code maxInactive / 30} (at least 1 ms; 60 s when sessions never idle
     *     out)
     */
    public Duration effectiveTouchInterval(Duration maxInactive) {
        Optional<Duration> configured = find(ConfigKey.TOUCH_INTERVAL);
        if (configured.isPresent()) {
            return configured.get();
        }
        if (maxInactive.isZero() || maxInactive.isNegative()) {
            return Duration.ofSeconds(60);
        }
        Duration fraction = maxInactive.dividedBy(30);
        return fraction.isZero() ? Duration.ofMillis(1) : fraction;
    }

    /** {@return how often each node looks for expired sessions} */
    public Duration reapInterval() {
        return get(ConfigKey.REAP_INTERVAL);
    }

    /** {@return the Redis key prefix} */
    public String keyPrefix() {
        return get(ConfigKey.KEY_PREFIX);
    }

    /** {@return the SQL sessions table} */
    public String tableName() {
        return get(ConfigKey.TABLE_NAME);
    }

    /** {@return whether the SQL store creates its tables, when configured; else the store decides (H2 only)} */
    public Optional<Boolean> createSchema() {
        return find(ConfigKey.CREATE_SCHEMA);
    }

    /** {@return the largest number of pooled SQL connections} */
    public int poolSize() {
        return get(ConfigKey.POOL_SIZE);
    }

    /** {@return how many Redis replicas must acknowledge each write} */
    public int replicaAcks() {
        return get(ConfigKey.REPLICA_ACKS);
    }

    /** {@return which requests hold their session's lock} */
    public LockMode lockMode() {
        return get(ConfigKey.LOCK_MODE);
    }

    /** {@return the paths whose requests lock with {@link LockMode#URI}; empty by default} */
    public List<Pattern> lockUris() {
        return find(ConfigKey.LOCK_URIS).orElse(List.of());
    }

    /** {@return the longest wait for a session lock another request holds} */
    public Duration lockTimeout() {
        return get(ConfigKey.LOCK_TIMEOUT);
    }

    /** {@return how long a session lock is held without renewal} */
    public Duration lockLease() {
        return get(ConfigKey.LOCK_LEASE);
    }

    /**
     * Where a key's value came from, for diagnostics.
     *
     * @param key the key
     * @return {@code "default"} when it was not set, else the source, such as {@code init-param}
     */
    public String sourceOf(ConfigKey<?> key) {
        return sources.getOrDefault(key, "default");
    }

    /** The keys that were set, with secrets masked: {@code store=redis://u:****@h}, {@code encryptionKeys=****}. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "BatonConfig[", "]");
        for (ConfigKey<?> key : ConfigKey.values()) {
            if (isSet(key) && values[key.index()] != null) {
                text.add(key.key() + "=" + key.shown(values[key.index()]));
            }
        }
        return text.toString();
    }

    /** The key's value: what was set, else its default (every key read here has one). */
    @SuppressWarnings("unchecked") // only the key's own grammar put a value under the key
    private <T> T get(ConfigKey<T> key) {
        Object value = values[key.index()];
        if (value == null) {
            throw new AssertionError(key + " has no default");
        }
        return (T) value;
    }

    /** The key's value: what was set, else its default, else empty. */
    @SuppressWarnings("unchecked") // only the key's own grammar put a value under the key
    private <T> Optional<T> find(ConfigKey<T> key) {
        return Optional.ofNullable((T) values[key.index()]);
    }

    /**
     * Builds a {@link BatonConfig}. Each {@link #set(String, String)} checks its key and value at once; {@link
     * #build()} checks the rules that span keys.
     */
    public static final class Builder {

        private final Map<ConfigKey<?>, Object> values = new HashMap<>();
        private final Map<ConfigKey<?>, String> sources = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets a key as users write it.
         *
         * @param key a key name, such as {@code maxInactiveInterval}
         * @param value its value, such as {@code 30m}
         * @return this builder
         * @throws IllegalArgumentException for an unknown key (naming the nearest known one) or a bad value
         */
        public Builder set(String key, String value) {
            return set(ConfigValues.requireKey(requireNonNull(key, "key"), "builder"), value, "builder");
        }

        /**
         * Sets the store URI.
         *
         * @param storeUri such as {@code redis://127.0.0.1:6379}
         * @return this builder
         */
        public Builder store(String storeUri) {
            return set(ConfigKey.STORE.key(), storeUri);
        }

        Builder set(ConfigKey<?> key, String value, String source) {
            requireNonNull(value, key.key());
            values.put(key, key.parse(value.trim(), source));
            sources.put(key, source);
            return this;
        }

        /**
         * Checks the rules that span keys and freezes the configuration.
         *
         * @return the configuration
         * @throws IllegalStateException when settings conflict
         */
        public BatonConfig build() {
            ConfigRules.check(values, sources);
            return new BatonConfig(values, sources);
        }
    }
}
