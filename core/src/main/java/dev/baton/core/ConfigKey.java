/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import dev.baton.core.internal.ConfigParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every configuration key Baton knows, and the one place where each key's name, grammar, default and documentation
 * are written. The same names are filter init-params, Tomcat Manager attributes, system properties (prefixed
 * {@code baton.}) and environment variables ({@code BATON_} plus the name in upper snake case), in that order of
 * precedence; {@link BatonConfig} holds the values.
 *
 * <p>Durations are written {@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, ISO-8601
 * ({@code PT30M}), or a bare number of seconds. Sizes are {@code 512KiB}, {@code 1MiB}, {@code 1GiB} or a bare number
 * of bytes. A key's default is written in that same grammar and parsed by it, so the README's table and the value in
 * force can't disagree; a key whose default depends on the web app or the store says so in words instead.
 *
 * @param <T> the type of the key's value
 */
public final class ConfigKey<T> {

    /** How often users need a key; orders the README's configuration table. */
    public enum Tier {
        /** Set in almost every deployment. */
        ESSENTIAL,
        /** Set in many deployments. */
        COMMON,
        /** Rarely needed. */
        RARE
    }

    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    /** The store URI, for example {@code redis://127.0.0.1:6379} or {@code jdbc:postgresql://db/app}. */
    public static final ConfigKey<String> STORE = described("store", Tier.ESSENTIAL, ConfigKey::storeUri,
            "none (required)", "The store URI: redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster://, "
                    + "rediss-cluster://, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:h2:, or memory: (one node only)");
    /** Session idle timeout; unset, the web app's {@code session-config} applies. */
    public static final ConfigKey<Duration> MAX_INACTIVE_INTERVAL = described("maxInactiveInterval", Tier.ESSENTIAL,
            ConfigParser::positiveDuration, "the web app's session-config, else 30m", "Idle timeout of a session; duration > 0");
    /** Name of the session cookie; unset, the front end decides. */
    public static final ConfigKey<String> COOKIE_NAME = described("cookieName", Tier.ESSENTIAL, ConfigParser::token,
            "SESSION (filter); the container's (Tomcat manager)", "Name of the session cookie");
    /** Which classes may be decoded from the store, beyond the built-in ones. */
    public static final ConfigKey<List<String>> ALLOWED_CLASSES = described("allowedClasses", Tier.ESSENTIAL,
            p -> p.javaNames(true),
            "the app's own classes, java.* value types and the curated framework session types (docs/codecs.md)",
            "Comma-separated package prefixes (ending in '.') or class names that may be decoded from the store, "
                    + "added to the built-in JDK value types");
    /** Bound on every store call. */
    public static final ConfigKey<Duration> STORE_TIMEOUT = defaulted("storeTimeout", Tier.COMMON,
            ConfigParser::positiveDuration, "2s", "Bound on every store call; a slower store fails the request with 503");
    /** Attribute codec. */
    public static final ConfigKey<CodecKind> CODEC = defaulted("codec", Tier.COMMON, p -> p.oneOf(CodecKind.class),
            "kryo", "How attribute values are encoded: kryo or java");
    /** Which attributes are written back. */
    public static final ConfigKey<SaveMode> SAVE_MODE = defaulted("saveMode", Tier.COMMON,
            p -> p.oneOf(SaveMode.class), "on-mutation",
            "Which attributes are written back: on-set-attribute, on-mutation or always");
    /** SameSite of the cookie. */
    public static final ConfigKey<SameSite> COOKIE_SAME_SITE = defaulted("cookieSameSite", Tier.COMMON,
            p -> p.oneOf(SameSite.class), "Lax", "SameSite of the cookie: Strict, Lax or None");
    /** Secure flag of the cookie. */
    public static final ConfigKey<CookieSecure> COOKIE_SECURE = defaulted("cookieSecure", Tier.COMMON,
            ConfigKey::cookieSecure, "auto", "Secure flag of the cookie: auto (when the request is https), true or false");
    /** Whether {@code X-Forwarded-Proto} is believed. */
    public static final ConfigKey<Boolean> TRUST_FORWARDED_HEADERS = defaulted("trustForwardedHeaders", Tier.COMMON,
            ConfigParser::bool, "false", "Whether X-Forwarded-Proto from the load balancer (the left-most entry of a list) decides if a "
                    + "request is secure");
    /** Encryption keys; unset, values are stored unencrypted. */
    public static final ConfigKey<List<EncryptionKey>> ENCRYPTION_KEYS = described("encryptionKeys", Tier.COMMON,
            ConfigParser::encryptionKeys, "none", "Comma-separated id:base64 AES-256 keys; when set every stored value is "
                    + "encrypted and authenticated with the first, and any of them decrypts");
    /** Largest encoded session. */
    public static final ConfigKey<Long> MAX_SESSION_BYTES = defaulted("maxSessionBytes", Tier.COMMON,
            ConfigParser::positiveSize, "1MiB",
            "Largest encoded session; a request that would store more fails and writes nothing; size > 0");
    /** Absolute lifetime of a session; unset, none. */
    public static final ConfigKey<Duration> MAX_SESSION_AGE = described("maxSessionAge", Tier.COMMON,
            ConfigParser::positiveDuration, "none",
            "Absolute lifetime of a session from its creation, checked at every load; duration > 0");
    /** Listener class names (filter only). */
    public static final ConfigKey<List<String>> LISTENERS = described("listeners", Tier.COMMON,
            p -> p.javaNames(false), "none", "Comma-separated class names of HttpSessionListener, "
                    + "HttpSessionAttributeListener and HttpSessionIdListener implementations besides those the web "
                    + "app registers with its container (filter only)");
    /** Which requests take the per-session lock. */
    public static final ConfigKey<LockMode> LOCK_MODE = defaulted("lockMode", Tier.COMMON,
            p -> p.oneOf(LockMode.class), "none",
            "Which requests hold their session's cluster-wide lock from load to save, so that concurrent requests "
                    + "lose no update: none, session (every request) or uri (requests matching lockUris)");
    /** Header that carries the session ID; unset, the cookie does. */
    public static final ConfigKey<String> SESSION_ID_HEADER = described("sessionIdHeader", Tier.RARE, ConfigParser::token,
            "none", "Header that carries the session ID instead of a cookie, for APIs (e.g. X-Auth-Token)");
    /** Domain attribute of the cookie; unset, host-only. */
    public static final ConfigKey<String> COOKIE_DOMAIN = described("cookieDomain", Tier.RARE, ConfigParser::nonBlank,
            "none (host-only)", "Domain attribute of the cookie");
    /** The {@code __Host-} prefix. */
    public static final ConfigKey<Boolean> COOKIE_HOST_PREFIX = defaulted("cookieHostPrefix", Tier.RARE,
            ConfigParser::bool, "false", "Whether the cookie name gets the __Host- prefix (forces Secure, Path=/ and no Domain)");
    /** Touch coalescing interval; unset, a fraction of the idle timeout. */
    public static final ConfigKey<Duration> TOUCH_INTERVAL = described("touchInterval", Tier.RARE,
            ConfigParser::positiveDuration, "maxInactiveInterval / 30",
            "A read-only request updates the last access time in the store at most this often; duration > 0");
    /** Bytes of sessions a node keeps in its near cache; 0, none. */
    public static final ConfigKey<Long> NEAR_CACHE_SIZE = described("nearCacheSize", Tier.RARE,
            ConfigParser::size, "64MiB or 1/16 of the heap, whichever is less, with a store that reports changes "
                    + "(Redis, PostgreSQL); 0 with others", "Heap a node may give to copies of sessions, so that a read "
                    + "of an unchanged session costs no store call (see docs/near-cache.md); 0 turns it off; size >= 0");
    /** Expiry sweep interval. */
    public static final ConfigKey<Duration> REAP_INTERVAL = defaulted("reapInterval", Tier.RARE,
            ConfigParser::positiveDuration, "60s",
            "How often each node looks for expired sessions to destroy (jittered); duration > 0");
    /** Prefix of every Redis key. */
    public static final ConfigKey<String> KEY_PREFIX = defaulted("keyPrefix", Tier.RARE, ConfigParser::nonBlank, "baton:",
            "Prefix of every Redis key");
    /** SQL sessions table. */
    public static final ConfigKey<String> TABLE_NAME = defaulted("tableName", Tier.RARE, ConfigParser::sqlIdentifier,
            "baton_sessions", "SQL sessions table; attributes live in <tableName>_attributes");
    /** Whether the SQL store creates its tables; unset, the store decides. */
    public static final ConfigKey<Boolean> CREATE_SCHEMA = described("createSchema", Tier.RARE, ConfigParser::bool,
            "true for H2, else false", "Whether the SQL store creates its tables at start");
    /** Largest number of pooled SQL connections. */
    public static final ConfigKey<Integer> POOL_SIZE = defaulted("poolSize", Tier.RARE, p -> p.intInRange(1, 1000),
            "10", "Largest number of pooled SQL connections; 1 to 1000");
    /** Redis replicas that acknowledge each write. */
    public static final ConfigKey<Integer> REPLICA_ACKS = defaulted("replicaAcks", Tier.RARE,
            p -> p.intInRange(0, 16), "0",
            "Redis replicas that must acknowledge a write before it counts (WAIT); 0 to 16");
    /** Paths that lock with {@code lockMode=uri}. */
    public static final ConfigKey<List<Pattern>> LOCK_URIS = described("lockUris", Tier.RARE,
            ConfigParser::regularExpressions, "none", "With lockMode=uri, comma-separated regular expressions; a request "
                    + "whose path within the web app matches one in full locks its session");
    /** Longest wait for a held lock. */
    public static final ConfigKey<Duration> LOCK_TIMEOUT = defaulted("lockTimeout", Tier.RARE,
            ConfigParser::positiveDuration, "5s",
            "Longest wait for a session lock another request holds; then 503 with Retry-After; duration > 0");
    /** How long a lock is held without renewal. */
    public static final ConfigKey<Duration> LOCK_LEASE = defaulted("lockLease", Tier.RARE, ConfigKey::lockLease,
            "30s", "How long a session lock is held without renewal (renewed while the request runs), so that a dead "
                    + "node's lock frees itself; duration >= 1s");

    private final String key;
    private final Tier tier;
    private final Function<ConfigParser, T> grammar;
    private final T defaultValue;
    private final String defaultText;
    private final String description;
    /** Where {@link #values()} has this key, and where {@link BatonConfig} keeps its value. */
    private final int index;

    private ConfigKey(String key, Tier tier, Function<ConfigParser, T> grammar, String defaultLiteral, String defaultText,
            String description) {
        this.key = key;
        this.tier = tier;
        this.grammar = grammar;
        this.defaultValue = defaultLiteral == null ? null : grammar.apply(new ConfigParser(key, defaultLiteral, "default"));
        this.defaultText = defaultText;
        this.description = description;
        this.index = ALL.size();
        ALL.add(this);
    }

    /** A key whose default is a value of its own grammar, such as {@code 2s}. */
    private static <T> ConfigKey<T> defaulted(String key, Tier tier, Function<ConfigParser, T> grammar, String literal,
            String description) {
        return new ConfigKey<>(key, tier, grammar, literal, literal, description);
    }

    /** A key with no default value of its own: unset, the web app, the front end or the store decides. */
    private static <T> ConfigKey<T> described(String key, Tier tier, Function<ConfigParser, T> grammar, String defaultText,
            String description) {
        return new ConfigKey<>(key, tier, grammar, null, defaultText, description);
    }

    /** {@return every key, in the order of the README's table within each tier} */
    public static List<ConfigKey<?>> values() {
        return Collections.unmodifiableList(ALL);
    }

    /** {@return where {@link #values()} has this key} */
    int index() {
        return index;
    }

    /** {@return the key as users write it: {@code maxInactiveInterval}} */
    public String key() {
        return key;
    }

    /** {@return how often the key is needed} */
    public Tier tier() {
        return tier;
    }

    /** {@return the default, as the README shows it} */
    public String defaultText() {
        return defaultText;
    }

    /** {@return what the key means, its unit and range} */
    public String description() {
        return description;
    }

    /** {@return the system property: {@code baton.maxInactiveInterval}} */
    public String systemProperty() {
        return "baton." + key;
    }

    /** {@return the environment variable: {@code BATON_MAX_INACTIVE_INTERVAL}} */
    public String environmentVariable() {
        return "BATON_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** The value in force when the key is not set, if the key has one of its own. */
    Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * Parses a value of this key.
     *
     * @param value the value as written, trimmed
     * @param source where it came from, for the message
     * @return the value
     * @throws IllegalArgumentException naming key, value, source and rule when the value breaks the key's grammar
     */
    T parse(String value, String source) {
        return grammar.apply(new ConfigParser(key, requireNonNull(value, key), source));
    }

    /** The key's name. */
    @Override
    public String toString() {
        return key;
    }

    /**
     * A value of this key as {@link BatonConfig#toString()} shows it: secrets masked ({@code encryptionKeys=k1:****},
     * the store URI's password), text quoted so that spaces show.
     */
    String shown(Object value) {
        if (this == ENCRYPTION_KEYS) {
            StringJoiner ids = new StringJoiner(",");
            for (Object k : (List<?>) value) {
                ids.add(((EncryptionKey) k).id() + ":****");
            }
            return ids.toString();
        }
        if (this == STORE) {
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

    private static String storeUri(ConfigParser p) {
        if (StoreUris.scheme(p.value()).isEmpty()) {
            throw p.fail("must be a URI with a scheme, such as redis://127.0.0.1:6379, jdbc:postgresql://host/db or "
                    + "memory:");
        }
        return p.value();
    }

    private static CookieSecure cookieSecure(ConfigParser p) {
        return switch (p.value().toLowerCase(Locale.ROOT)) {
            case "auto" -> CookieSecure.AUTO;
            case "true" -> CookieSecure.ALWAYS;
            case "false" -> CookieSecure.NEVER;
            default -> throw p.fail("must be auto, true or false");
        };
    }

    private static Duration lockLease(ConfigParser p) {
        Duration lease = p.positiveDuration();
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw p.fail("must be >= 1s");
        }
        return lease;
    }
}
