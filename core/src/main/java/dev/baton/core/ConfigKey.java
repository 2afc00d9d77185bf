package dev.baton.core;

import java.util.Locale;

/**
 * Every configuration key Baton knows: the one place each key's name, default and grammar are written. The same names
 * are filter init-params, Tomcat Manager attributes, system properties (prefixed {@code baton.}) and environment
 * variables ({@code BATON_} plus the name in upper snake case), in that order of precedence.
 *
 * <p>Durations are written {@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, ISO-8601
 * ({@code PT30M}), or a bare number of seconds. Sizes are {@code 512KiB}, {@code 1MiB}, {@code 1GiB} or a bare number
 * of bytes.
 */
public enum ConfigKey {
    /** The store URI, for example {@code redis://127.0.0.1:6379} or {@code jdbc:postgresql://db/app}. */
    STORE("store", Tier.ESSENTIAL, "none (required)", "The store URI: redis://, rediss://, redis-sentinel://, "
            + "redis-cluster://, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:h2:, or memory: (one node only)"),
    /** Session idle timeout. */
    MAX_INACTIVE_INTERVAL("maxInactiveInterval", Tier.ESSENTIAL, "the web app's session-config, else 30m",
            "Idle timeout of a session; duration > 0"),
    /** Name of the session cookie. */
    COOKIE_NAME("cookieName", Tier.ESSENTIAL, "SESSION (filter); the container's (Tomcat manager)",
            "Name of the session cookie"),
    /** Which classes may be decoded from the store. */
    ALLOWED_CLASSES("allowedClasses", Tier.ESSENTIAL, "the web app's own classes plus java.* value types",
            "Comma-separated package prefixes (ending in '.') or class names that may be decoded from the store, "
                    + "added to the built-in JDK value types"),
    /** Store call timeout. */
    STORE_TIMEOUT("storeTimeout", Tier.COMMON, "2s",
            "Bound on every store call; a slower store fails the request with 503"),
    /** Attribute codec. */
    CODEC("codec", Tier.COMMON, "kryo", "How attribute values are encoded: kryo or java"),
    /** Which attributes are written back. */
    SAVE_MODE("saveMode", Tier.COMMON, "on-mutation",
            "Which attributes are written back: on-set-attribute, on-mutation or always"),
    /** Cookie SameSite. */
    COOKIE_SAME_SITE("cookieSameSite", Tier.COMMON, "Lax", "SameSite of the cookie: Strict, Lax or None"),
    /** Cookie Secure. */
    COOKIE_SECURE("cookieSecure", Tier.COMMON, "auto",
            "Secure flag of the cookie: auto (when the request is https), true or false"),
    /** Whether X-Forwarded-Proto is believed. */
    TRUST_FORWARDED_HEADERS("trustForwardedHeaders", Tier.COMMON, "false",
            "Whether X-Forwarded-Proto from the load balancer decides if a request is secure"),
    /** Encryption keys. */
    ENCRYPTION_KEYS("encryptionKeys", Tier.COMMON, "none",
            "Comma-separated id:base64 AES-256 keys; when set every stored value is encrypted and authenticated "
                    + "with the first, and any of them decrypts"),
    /** Size cap. */
    MAX_SESSION_BYTES("maxSessionBytes", Tier.COMMON, "1MiB",
            "Largest encoded session; a request that would store more fails and writes nothing; size > 0"),
    /** Absolute timeout. */
    MAX_SESSION_AGE("maxSessionAge", Tier.COMMON, "none",
            "Absolute lifetime of a session from its creation, checked at every load; duration > 0"),
    /** Listener class names (filter only). */
    LISTENERS("listeners", Tier.COMMON, "none",
            "Comma-separated class names of HttpSessionListener, HttpSessionAttributeListener and "
                    + "HttpSessionIdListener implementations (filter only)"),
    /** Per-session lock. */
    LOCK_MODE("lockMode", Tier.COMMON, "none",
            "Which requests hold their session's cluster-wide lock from load to save, so that concurrent requests "
                    + "lose no update: none, session (every request) or uri (requests matching lockUris)"),
    /** Header carrying the session ID. */
    SESSION_ID_HEADER("sessionIdHeader", Tier.RARE, "none",
            "Header that carries the session ID instead of a cookie, for APIs (e.g. X-Auth-Token)"),
    /** Cookie domain. */
    COOKIE_DOMAIN("cookieDomain", Tier.RARE, "none (host-only)", "Domain attribute of the cookie"),
    /** __Host- prefix. */
    COOKIE_HOST_PREFIX("cookieHostPrefix", Tier.RARE, "false",
            "Whether the cookie name gets the __Host- prefix (forces Secure, Path=/ and no Domain)"),
    /** Touch coalescing interval. */
    TOUCH_INTERVAL("touchInterval", Tier.RARE, "maxInactiveInterval / 30",
            "A read-only request updates the last access time in the store at most this often; duration > 0"),
    /** Expiry sweep interval. */
    REAP_INTERVAL("reapInterval", Tier.RARE, "60s",
            "How often each node looks for expired sessions to destroy (jittered); duration > 0"),
    /** Key prefix for Redis. */
    KEY_PREFIX("keyPrefix", Tier.RARE, "baton:", "Prefix of every Redis key"),
    /** Table name for SQL. */
    TABLE_NAME("tableName", Tier.RARE, "baton_sessions",
            "SQL sessions table; attributes live in <tableName>_attributes"),
    /** Schema creation. */
    CREATE_SCHEMA("createSchema", Tier.RARE, "true for H2, else false",
            "Whether the SQL store creates its tables at start"),
    /** JDBC pool size. */
    POOL_SIZE("poolSize", Tier.RARE, "10", "Largest number of pooled SQL connections; 1 to 1000"),
    /** Redis WAIT after writes. */
    REPLICA_ACKS("replicaAcks", Tier.RARE, "0",
            "Redis replicas that must acknowledge a write before it counts (WAIT); 0 to 16"),
    /** Paths that lock with lockMode=uri. */
    LOCK_URIS("lockUris", Tier.RARE, "none",
            "With lockMode=uri, comma-separated regular expressions; a request whose path within the web app "
                    + "matches one in full locks its session"),
    /** Longest wait for a held lock. */
    LOCK_TIMEOUT("lockTimeout", Tier.RARE, "5s",
            "Longest wait for a session lock another request holds; then 503 with Retry-After; duration > 0"),
    /** Lock lease. */
    LOCK_LEASE("lockLease", Tier.RARE, "30s",
            "How long a session lock is held without renewal (renewed while the request runs), so that a dead "
                    + "node's lock frees itself; duration >= 1s");

    /** How often users need a key; orders the README's configuration table. */
    public enum Tier {
        /** Set in almost every deployment. */
        ESSENTIAL,
        /** Set in many deployments. */
        COMMON,
        /** Rarely needed. */
        RARE
    }

    private final String key;
    private final Tier tier;
    private final String defaultText;
    private final String description;

    ConfigKey(String key, Tier tier, String defaultText, String description) {
        this.key = key;
        this.tier = tier;
        this.defaultText = defaultText;
        this.description = description;
    }

    /** The key as users write it: {@code maxInactiveInterval}. */
    public String key() {
        return key;
    }

    /** How often the key is needed. */
    public Tier tier() {
        return tier;
    }

    /** The default, as the README shows it. */
    public String defaultText() {
        return defaultText;
    }

    /** What the key means, its unit and range. */
    public String description() {
        return description;
    }

    /** The system property: {@code baton.maxInactiveInterval}. */
    public String systemProperty() {
        return "baton." + key;
    }

    /** The environment variable: {@code BATON_MAX_INACTIVE_INTERVAL}. */
    public String environmentVariable() {
        return "BATON_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /**
     * The key with this name.
     *
     * @param key a key as users write it
     * @return the key, or {@code null} when there is none of that name
     */
    static ConfigKey byKey(String key) {
        for (ConfigKey candidate : values()) {
            if (candidate.key.equals(key)) {
                return candidate;
            }
        }
        return null;
    }
}
