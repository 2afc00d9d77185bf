package dev.baton.core;

import static java.util.Objects.requireNonNull;

import dev.baton.core.internal.ConfigValues;
import dev.baton.core.internal.StoreUris;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The whole of Baton's configuration, typed, validated and immutable. Every key is a {@link ConfigKey}.
 *
 * <p>Values come from, in order of precedence: the explicit source (filter init-params, Manager attributes or a
 * {@link Builder}), system properties {@code baton.<key>}, and environment variables {@code BATON_<KEY>}. An unknown
 * key or a bad value fails at once with a message naming the key, the value, where it came from and what is allowed:
 * {@code maxInactiveInterval=-5m (init-param): must be > 0}. A bad value is never replaced by a default.
 */
public final class BatonConfig {

    private static final Duration DEFAULT_MAX_INACTIVE = Duration.ofMinutes(30);

    /** Boxed once: the request path reads it on every {@code setAttribute} and save. */
    private static final Long DEFAULT_MAX_SESSION_BYTES = 1024L * 1024;
    private final Map<ConfigKey, Object> values;
    private final Map<ConfigKey, String> sources;

    private BatonConfig(Map<ConfigKey, Object> values, Map<ConfigKey, String> sources) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.sources = Collections.unmodifiableMap(new EnumMap<>(sources));
    }

    /**
     * Resolves the configuration from an explicit source, then this JVM's system properties and environment.
     *
     * @param explicit keys and values of the highest precedence
     * @param explicitSource how the explicit values are named in messages, such as {@code init-param}
     * @return the configuration
     * @throws IllegalArgumentException for an unknown key or a bad value
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
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public static BatonConfig resolve(Map<String, String> explicit, String explicitSource,
            Map<String, String> systemProperties, Map<String, String> environment) {
        requireNonNull(explicit, "explicit");
        requireNonNull(explicitSource, "explicitSource");
        requireNonNull(systemProperties, "systemProperties");
        requireNonNull(environment, "environment");
        Builder builder = new Builder();
        environment.forEach((name, value) -> {
            if (name.startsWith("BATON_")) {
                builder.set(ConfigValues.keyForEnvironment(name), value, "environment variable " + name);
            }
        });
        systemProperties.forEach((name, value) -> {
            if (name.startsWith("baton.")) {
                builder.set(ConfigValues.keyNamed(name.substring("baton.".length()), "system property " + name),
                        value, "system property " + name);
            }
        });
        explicit.forEach((name, value) -> builder.set(ConfigValues.keyNamed(name, explicitSource), value,
                explicitSource));
        return builder.build();
    }

    /** A builder for programmatic configuration; each value given as users write it in an init-param. */
    public static Builder builder() {
        return new Builder();
    }

    /** The store URI. @throws IllegalStateException when none was configured */
    public String store() {
        String store = (String) values.get(ConfigKey.STORE);
        if (store == null) {
            throw new IllegalStateException("store is not configured: set the 'store' key (init-param, Manager "
                    + "attribute, -Dbaton.store or BATON_STORE), e.g. store=redis://127.0.0.1:6379");
        }
        return store;
    }

    /** Whether a store URI was configured. */
    public boolean hasStore() {
        return values.containsKey(ConfigKey.STORE);
    }

    /** The idle timeout, when configured; else the web app's {@code session-config} applies, else 30 minutes. */
    public Optional<Duration> maxInactiveInterval() {
        return Optional.ofNullable((Duration) values.get(ConfigKey.MAX_INACTIVE_INTERVAL));
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

    /** The cookie name, when configured. */
    public Optional<String> cookieName() {
        return Optional.ofNullable((String) values.get(ConfigKey.COOKIE_NAME));
    }

    /** The extra allowed package prefixes and class names ({@code allowedClasses}); empty by default. */
    @SuppressWarnings("unchecked")
    public List<String> allowedClasses() {
        return (List<String>) values.getOrDefault(ConfigKey.ALLOWED_CLASSES, List.of());
    }

    /** The bound on every store call; default 2 seconds. */
    public Duration storeTimeout() {
        return (Duration) values.getOrDefault(ConfigKey.STORE_TIMEOUT, Duration.ofSeconds(2));
    }

    /** The attribute codec; default {@link CodecKind#KRYO}. */
    public CodecKind codec() {
        return (CodecKind) values.getOrDefault(ConfigKey.CODEC, CodecKind.KRYO);
    }

    /** Which attributes are written back; default {@link SaveMode#ON_MUTATION}. */
    public SaveMode saveMode() {
        return (SaveMode) values.getOrDefault(ConfigKey.SAVE_MODE, SaveMode.ON_MUTATION);
    }

    /** The cookie's SameSite; default {@link SameSite#LAX}. */
    public SameSite cookieSameSite() {
        return (SameSite) values.getOrDefault(ConfigKey.COOKIE_SAME_SITE, SameSite.LAX);
    }

    /** The cookie's Secure rule; default {@link CookieSecure#AUTO}. */
    public CookieSecure cookieSecure() {
        return (CookieSecure) values.getOrDefault(ConfigKey.COOKIE_SECURE, CookieSecure.AUTO);
    }

    /** Whether {@code X-Forwarded-Proto} is believed; default {@code false}. */
    public boolean trustForwardedHeaders() {
        return (Boolean) values.getOrDefault(ConfigKey.TRUST_FORWARDED_HEADERS, Boolean.FALSE);
    }

    /** The encryption keys, the first encrypting; empty (no encryption) by default. */
    @SuppressWarnings("unchecked")
    public List<EncryptionKey> encryptionKeys() {
        return (List<EncryptionKey>) values.getOrDefault(ConfigKey.ENCRYPTION_KEYS, List.of());
    }

    /** The largest encoded session, in bytes; default 1 MiB. */
    public long maxSessionBytes() {
        return (Long) values.getOrDefault(ConfigKey.MAX_SESSION_BYTES, DEFAULT_MAX_SESSION_BYTES);
    }

    /** The absolute lifetime of a session, when configured. */
    public Optional<Duration> maxSessionAge() {
        return Optional.ofNullable((Duration) values.get(ConfigKey.MAX_SESSION_AGE));
    }

    /** The listener class names (filter only); empty by default. */
    @SuppressWarnings("unchecked")
    public List<String> listeners() {
        return (List<String>) values.getOrDefault(ConfigKey.LISTENERS, List.of());
    }

    /** The header carrying the session ID, when configured. */
    public Optional<String> sessionIdHeader() {
        return Optional.ofNullable((String) values.get(ConfigKey.SESSION_ID_HEADER));
    }

    /** The cookie's Domain, when configured. */
    public Optional<String> cookieDomain() {
        return Optional.ofNullable((String) values.get(ConfigKey.COOKIE_DOMAIN));
    }

    /** Whether the cookie name gets the {@code __Host-} prefix; default {@code false}. */
    public boolean cookieHostPrefix() {
        return (Boolean) values.getOrDefault(ConfigKey.COOKIE_HOST_PREFIX, Boolean.FALSE);
    }

    /**
     * How often a read-only request refreshes the stored last access time.
     *
     * @param maxInactive the idle timeout in force
     * @return the configured interval, else {@code maxInactive / 30} (at least 1 ms; 60 s when sessions never idle
     *     out)
     */
    public Duration effectiveTouchInterval(Duration maxInactive) {
        Duration configured = (Duration) values.get(ConfigKey.TOUCH_INTERVAL);
        if (configured != null) {
            return configured;
        }
        if (maxInactive.isZero() || maxInactive.isNegative()) {
            return Duration.ofSeconds(60);
        }
        Duration fraction = maxInactive.dividedBy(30);
        return fraction.isZero() ? Duration.ofMillis(1) : fraction;
    }

    /** How often each node looks for expired sessions; default 60 seconds. */
    public Duration reapInterval() {
        return (Duration) values.getOrDefault(ConfigKey.REAP_INTERVAL, Duration.ofSeconds(60));
    }

    /** The Redis key prefix; default {@code baton:}. */
    public String keyPrefix() {
        return (String) values.getOrDefault(ConfigKey.KEY_PREFIX, "baton:");
    }

    /** The SQL sessions table; default {@code baton_sessions}. */
    public String tableName() {
        return (String) values.getOrDefault(ConfigKey.TABLE_NAME, "baton_sessions");
    }

    /** Whether the SQL store creates its tables, when configured; else the store decides (H2 only). */
    public Optional<Boolean> createSchema() {
        return Optional.ofNullable((Boolean) values.get(ConfigKey.CREATE_SCHEMA));
    }

    /** The largest number of pooled SQL connections; default 10. */
    public int poolSize() {
        return (Integer) values.getOrDefault(ConfigKey.POOL_SIZE, 10);
    }

    /** How many Redis replicas must acknowledge each write; default 0. */
    public int replicaAcks() {
        return (Integer) values.getOrDefault(ConfigKey.REPLICA_ACKS, 0);
    }

    /** Which requests hold their session's lock; default {@link LockMode#NONE}. */
    public LockMode lockMode() {
        return (LockMode) values.getOrDefault(ConfigKey.LOCK_MODE, LockMode.NONE);
    }

    /** The paths whose requests lock with {@link LockMode#URI}; empty by default. */
    @SuppressWarnings("unchecked")
    public List<Pattern> lockUris() {
        return (List<Pattern>) values.getOrDefault(ConfigKey.LOCK_URIS, List.of());
    }

    /** The longest wait for a session lock another request holds; default 5 seconds. */
    public Duration lockTimeout() {
        return (Duration) values.getOrDefault(ConfigKey.LOCK_TIMEOUT, Duration.ofSeconds(5));
    }

    /** How long a session lock is held without renewal; default 30 seconds. */
    public Duration lockLease() {
        return (Duration) values.getOrDefault(ConfigKey.LOCK_LEASE, Duration.ofSeconds(30));
    }

    /**
     * Where a key's value came from, for diagnostics.
     *
     * @param key the key
     * @return {@code "default"} when it was not set, else the source, such as {@code init-param}
     */
    public String sourceOf(ConfigKey key) {
        return sources.getOrDefault(key, "default");
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        builder.sources.putAll(sources);
        return builder;
    }

    /** The keys that were set, with secrets masked: {@code store=redis://u:****@h}, {@code encryptionKeys=****}. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "BatonConfig[", "]");
        values.forEach((key, value) -> text.add(key.key() + "=" + display(key, value)));
        return text.toString();
    }

    private static String display(ConfigKey key, Object value) {
        if (key == ConfigKey.ENCRYPTION_KEYS) {
            StringJoiner ids = new StringJoiner(",");
            for (Object k : (List<?>) value) {
                ids.add(((EncryptionKey) k).id() + ":****");
            }
            return ids.toString();
        }
        if (key == ConfigKey.STORE) {
            return '"' + StoreUris.mask((String) value) + '"';
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(value);
    }

    /**
     * Builds a {@link BatonConfig}. Each {@link #set(String, String)} checks its key and value at once; {@link
     * #build()} checks the rules that span keys.
     */
    public static final class Builder {

        private final Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        private final Map<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);

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
            return set(ConfigValues.keyNamed(requireNonNull(key, "key"), "builder"), value, "builder");
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

        Builder set(ConfigKey key, String value, String source) {
            requireNonNull(value, key.key());
            values.put(key, parse(key, value.trim(), source));
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
            if (Boolean.TRUE.equals(values.get(ConfigKey.COOKIE_HOST_PREFIX))) {
                if (values.containsKey(ConfigKey.COOKIE_DOMAIN)) {
                    throw new IllegalStateException("cookieHostPrefix=true (" + sources.get(ConfigKey.COOKIE_HOST_PREFIX)
                            + ") conflicts with cookieDomain: a __Host- cookie can't have a Domain");
                }
                if (values.get(ConfigKey.COOKIE_SECURE) == CookieSecure.NEVER) {
                    throw new IllegalStateException("cookieHostPrefix=true (" + sources.get(ConfigKey.COOKIE_HOST_PREFIX)
                            + ") conflicts with cookieSecure=false: a __Host- cookie must be Secure");
                }
            }
            if (values.get(ConfigKey.COOKIE_SAME_SITE) == SameSite.NONE
                    && values.get(ConfigKey.COOKIE_SECURE) == CookieSecure.NEVER) {
                throw new IllegalStateException(
                        "cookieSameSite=None conflicts with cookieSecure=false: browsers drop such cookies");
            }
            boolean uriMode = values.get(ConfigKey.LOCK_MODE) == LockMode.URI;
            if (uriMode && !values.containsKey(ConfigKey.LOCK_URIS)) {
                throw new IllegalStateException("lockMode=uri (" + sources.get(ConfigKey.LOCK_MODE)
                        + ") requires lockUris: the regular expressions of the paths that lock");
            }
            if (!uriMode && values.containsKey(ConfigKey.LOCK_URIS)) {
                throw new IllegalStateException("lockUris (" + sources.get(ConfigKey.LOCK_URIS)
                        + ") is set but lockMode is not uri: set lockMode=uri, or remove lockUris");
            }
            return new BatonConfig(values, sources);
        }

        private static Object parse(ConfigKey key, String value, String source) {
            ConfigValues.Parser p = new ConfigValues.Parser(key.key(), value, source);
            switch (key) {
                case STORE -> {
                    String scheme = StoreUris.scheme(value);
                    if (scheme.isEmpty()) {
                        throw p.fail("must be a URI with a scheme, such as redis://127.0.0.1:6379, "
                                + "jdbc:postgresql://host/db or memory:");
                    }
                    return value;
                }
                case MAX_INACTIVE_INTERVAL, STORE_TIMEOUT, MAX_SESSION_AGE, TOUCH_INTERVAL, REAP_INTERVAL,
                        LOCK_TIMEOUT -> {
                    return p.positiveDuration();
                }
                case COOKIE_NAME -> {
                    return p.token();
                }
                case SESSION_ID_HEADER -> {
                    return p.token();
                }
                case COOKIE_DOMAIN, KEY_PREFIX -> {
                    return p.nonBlank();
                }
                case TABLE_NAME -> {
                    return p.sqlIdentifier();
                }
                case ALLOWED_CLASSES -> {
                    return p.javaNames(true);
                }
                case LISTENERS -> {
                    return p.javaNames(false);
                }
                case CODEC -> {
                    return p.oneOf(CodecKind.class);
                }
                case SAVE_MODE -> {
                    return p.oneOf(SaveMode.class);
                }
                case COOKIE_SAME_SITE -> {
                    return p.oneOf(SameSite.class);
                }
                case COOKIE_SECURE -> {
                    return switch (value.toLowerCase(Locale.ROOT)) {
                        case "auto" -> CookieSecure.AUTO;
                        case "true" -> CookieSecure.ALWAYS;
                        case "false" -> CookieSecure.NEVER;
                        default -> throw p.fail("must be auto, true or false");
                    };
                }
                case TRUST_FORWARDED_HEADERS, COOKIE_HOST_PREFIX, CREATE_SCHEMA -> {
                    return p.bool();
                }
                case MAX_SESSION_BYTES -> {
                    return p.positiveSize();
                }
                case POOL_SIZE -> {
                    return p.intInRange(1, 1000);
                }
                case REPLICA_ACKS -> {
                    return p.intInRange(0, 16);
                }
                case LOCK_MODE -> {
                    return p.oneOf(LockMode.class);
                }
                case LOCK_URIS -> {
                    return p.regularExpressions();
                }
                case LOCK_LEASE -> {
                    Duration lease = p.positiveDuration();
                    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                        throw p.fail("must be >= 1s");
                    }
                    return lease;
                }
                case ENCRYPTION_KEYS -> {
                    return encryptionKeys(p, value);
                }
                default -> throw new AssertionError(key);
            }
        }

        private static List<EncryptionKey> encryptionKeys(ConfigValues.Parser p, String value) {
            List<EncryptionKey> keys = new ArrayList<>();
            for (String entry : value.split(",")) {
                String trimmed = entry.trim();
                int colon = trimmed.indexOf(':');
                if (colon <= 0) {
                    throw p.failMasked("each key must be id:base64 of 32 bytes, e.g. k1:<44 base64 characters>");
                }
                String id = trimmed.substring(0, colon);
                byte[] secret;
                try {
                    secret = Base64.getDecoder().decode(trimmed.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    throw p.failMasked("key '" + id + "' is not valid base64");
                }
                try {
                    EncryptionKey key = new EncryptionKey(id, secret);
                    for (EncryptionKey existing : keys) {
                        if (existing.id().equals(id)) {
                            throw p.failMasked("key id '" + id + "' appears twice");
                        }
                    }
                    keys.add(key);
                } catch (IllegalArgumentException e) {
                    if (e.getMessage().startsWith("encryptionKeys=")) {
                        throw e;
                    }
                    throw p.failMasked(e.getMessage());
                }
            }
            return List.copyOf(keys);
        }
    }
}
