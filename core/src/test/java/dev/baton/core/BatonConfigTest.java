/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import dev.baton.core.testing.StderrLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatonConfigTest {

    private static final String KEY_1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_2 = Base64.getEncoder().encodeToString(filled(32, (byte) 7));

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static BatonConfig explicit(Map<String, String> values) {
        return BatonConfig.resolve(values, "init-param", Map.of(), Map.of());
    }

    @Test
    void resolveWhenNothingSetThenEveryKeyHasItsDefault() {
        BatonConfig config = explicit(Map.of());

        assertThat(config.hasStore()).isFalse();
        assertThatThrownBy(config::store).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("store is not configured");
        assertThat(config.maxInactiveInterval()).isEmpty();
        assertThat(config.effectiveMaxInactiveInterval(null)).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.effectiveMaxInactiveInterval(Duration.ofMinutes(12))).isEqualTo(Duration.ofMinutes(12));
        assertThat(config.cookieName()).isEmpty();
        assertThat(config.allowedClasses()).isEmpty();
        assertThat(config.storeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.codec()).isEqualTo(CodecKind.KRYO);
        assertThat(config.saveMode()).isEqualTo(SaveMode.ON_MUTATION);
        assertThat(config.cookieSameSite()).isEqualTo(SameSite.LAX);
        assertThat(config.cookieSecure()).isEqualTo(CookieSecure.AUTO);
        assertThat(config.trustForwardedHeaders()).isFalse();
        assertThat(config.encryptionKeys()).isEmpty();
        assertThat(config.maxSessionBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxSessionAge()).isEmpty();
        assertThat(config.listeners()).isEmpty();
        assertThat(config.sessionIdHeader()).isEmpty();
        assertThat(config.cookieDomain()).isEmpty();
        assertThat(config.cookieHostPrefix()).isFalse();
        assertThat(config.effectiveTouchInterval(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.effectiveTouchInterval(Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.reapInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.keyPrefix()).isEqualTo("baton:");
        assertThat(config.tableName()).isEqualTo("baton_sessions");
        assertThat(config.createSchema()).isEmpty();
        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.replicaAcks()).isZero();
        assertThat(config.sourceOf(ConfigKey.STORE_TIMEOUT)).isEqualTo("default");
        assertThat(ConfigKey.values()).noneMatch(config::isSet);
    }

    @Test
    void resolveWhenEveryKeySetThenEachIsParsed() {
        BatonConfig config = explicit(Map.ofEntries(
                Map.entry("store", "redis://127.0.0.1:6379"),
                Map.entry("maxInactiveInterval", "45m"),
                Map.entry("cookieName", "JSESSIONID"),
                Map.entry("allowedClasses", "com.shop., org.example.Cart"),
                Map.entry("storeTimeout", "500ms"),
                Map.entry("codec", "java"),
                Map.entry("saveMode", "always"),
                Map.entry("cookieSameSite", "Strict"),
                Map.entry("cookieSecure", "true"),
                Map.entry("trustForwardedHeaders", "true"),
                Map.entry("encryptionKeys", "new:" + KEY_2 + ", old:" + KEY_1),
                Map.entry("maxSessionBytes", "256KiB"),
                Map.entry("maxSessionAge", "PT12H"),
                Map.entry("listeners", "com.shop.Audit"),
                Map.entry("sessionIdHeader", "X-Auth-Token"),
                Map.entry("cookieDomain", "shop.example"),
                Map.entry("cookieHostPrefix", "false"),
                Map.entry("touchInterval", "10s"),
                Map.entry("reapInterval", "2m"),
                Map.entry("keyPrefix", "shop:"),
                Map.entry("tableName", "app.sessions"),
                Map.entry("createSchema", "true"),
                Map.entry("poolSize", "20"),
                Map.entry("replicaAcks", "1")));

        assertThat(config.store()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.maxInactiveInterval()).contains(Duration.ofMinutes(45));
        assertThat(config.cookieName()).contains("JSESSIONID");
        assertThat(config.allowedClasses()).containsExactly("com.shop.", "org.example.Cart");
        assertThat(config.storeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.codec()).isEqualTo(CodecKind.JAVA);
        assertThat(config.saveMode()).isEqualTo(SaveMode.ALWAYS);
        assertThat(config.cookieSameSite()).isEqualTo(SameSite.STRICT);
        assertThat(config.cookieSecure()).isEqualTo(CookieSecure.ALWAYS);
        assertThat(config.trustForwardedHeaders()).isTrue();
        assertThat(config.encryptionKeys()).extracting(EncryptionKey::id).containsExactly("new", "old");
        assertThat(config.maxSessionBytes()).isEqualTo(256 * 1024);
        assertThat(config.maxSessionAge()).contains(Duration.ofHours(12));
        assertThat(config.listeners()).containsExactly("com.shop.Audit");
        assertThat(config.sessionIdHeader()).contains("X-Auth-Token");
        assertThat(config.cookieDomain()).contains("shop.example");
        assertThat(config.cookieHostPrefix()).isFalse();
        assertThat(config.effectiveTouchInterval(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.reapInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.keyPrefix()).isEqualTo("shop:");
        assertThat(config.tableName()).isEqualTo("app.sessions");
        assertThat(config.createSchema()).contains(true);
        assertThat(config.poolSize()).isEqualTo(20);
        assertThat(config.replicaAcks()).isEqualTo(1);
        assertThat(config.sourceOf(ConfigKey.POOL_SIZE)).isEqualTo("init-param");
        assertThat(config.isSet(ConfigKey.COOKIE_SAME_SITE)).isTrue();
        assertThat(config.isSet(ConfigKey.LOCK_MODE)).isFalse();
    }

    @Test
    void resolveWhenKeySetInSeveralSourcesThenExplicitBeatsPropertyBeatsEnvironment() {
        BatonConfig config = BatonConfig.resolve(
                Map.of("storeTimeout", "1s"),
                "init-param",
                Map.of("baton.storeTimeout", "3s", "baton.poolSize", "7", "unrelated.property", "x"),
                Map.of("BATON_STORE_TIMEOUT", "5s", "BATON_POOL_SIZE", "9", "BATON_KEY_PREFIX", "env:", "PATH", "/"));

        assertThat(config.storeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.poolSize()).isEqualTo(7);
        assertThat(config.keyPrefix()).isEqualTo("env:");
        assertThat(config.sourceOf(ConfigKey.POOL_SIZE)).isEqualTo("system property baton.poolSize");
        assertThat(config.sourceOf(ConfigKey.KEY_PREFIX)).isEqualTo("environment variable BATON_KEY_PREFIX");
    }

    /**
     * One bad value for every key of {@link ConfigKey}, with the message it must give (messages are API). A key added
     * to {@link ConfigKey} fails {@link #resolveWhenValueIsBadThenMessageNamesKeyValueSourceAndRule} until it has a
     * row here.
     */
    private static final Map<String, List<String>> BAD_VALUES = Map.ofEntries(
            bad("store", "localhost", "must be a URI with a scheme, such as redis://127.0.0.1:6379, "
                    + "jdbc:postgresql://host/db or memory:"),
            bad("maxInactiveInterval", "-5m", "must be > 0"),
            bad("cookieName", "my cookie", "must be a non-empty HTTP token (letters, digits and !#$%&'*+.^_`|~-)"),
            bad("allowedClasses", "com.shop.*", "must be comma-separated class names or package prefixes ending "
                    + "in '.'"),
            bad("storeTimeout", "soon", "must be a duration such as 500ms, 90s, 30m, 2h, 1d, PT30M, or a number "
                    + "of seconds"),
            bad("codec", "xml", "must be one of kryo, java"),
            bad("saveMode", "sometimes", "must be one of on-set-attribute, on-mutation, always"),
            bad("cookieSameSite", "Loose", "must be one of strict, lax, none"),
            bad("cookieSecure", "yes", "must be auto, true or false"),
            bad("trustForwardedHeaders", "1", "must be true or false"),
            bad("encryptionKeys", "nocolon", "each key must be id:base64 of 32 bytes, e.g. k1:<44 base64 "
                    + "characters>"),
            bad("maxSessionBytes", "1MB", "must be a size such as 512KiB, 1MiB, 1GiB or a number of bytes"),
            bad("nearCacheSize", "-1MiB", "must be >= 0"),
            bad("maxSessionAge", "0", "must be > 0"),
            bad("listeners", "com.shop.", "must be comma-separated fully qualified class names"),
            bad("lockMode", "always", "must be one of none, session, uri"),
            bad("sessionIdHeader", "X Auth", "must be a non-empty HTTP token (letters, digits and "
                    + "!#$%&'*+.^_`|~-)"),
            bad("cookieDomain", " ", "must not be empty"),
            bad("cookieHostPrefix", "yes", "must be true or false"),
            bad("touchInterval", "10 minutes", "must be a duration such as 500ms, 90s, 30m, 2h, 1d, PT30M, or a "
                    + "number of seconds"),
            bad("reapInterval", "-1s", "must be > 0"),
            bad("keyPrefix", "", "must not be empty"),
            bad("tableName", "x; drop table y", "must be a SQL identifier of letters, digits and _ (optionally "
                    + "schema.table), at most 48 characters each"),
            bad("createSchema", "sometimes", "must be true or false"),
            bad("poolSize", "0", "must be from 1 to 1000"),
            bad("replicaAcks", "17", "must be from 0 to 16"),
            bad("lockUris", "/cart/(", "'/cart/(' is not a regular expression: Unclosed group"),
            bad("lockTimeout", "0s", "must be > 0"),
            bad("lockLease", "500ms", "must be >= 1s"));

    private static Map.Entry<String, List<String>> bad(String key, String value, String rule) {
        String shown = key.equals("encryptionKeys") ? "****" : value.trim();
        return Map.entry(key, List.of(value, key + "=" + shown + " (init-param): " + rule));
    }

    static List<ConfigKey<?>> keys() {
        return ConfigKey.values();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void resolveWhenValueIsBadThenMessageNamesKeyValueSourceAndRule(ConfigKey<?> key) {
        List<String> row = BAD_VALUES.get(key.key());
        assertThat(row).as("ConfigKey.%s ('%s') has no row in BatonConfigTest.BAD_VALUES: add a bad value for it "
                + "and the message that value must give", key, key.key()).isNotNull();

        assertThatThrownBy(() -> explicit(Map.of(key.key(), row.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(row.get(1));
    }

    @Test
    void resolveWhenBadValueRowsNameKeysThatDoNotExistThenTheTableIsStale() {
        assertThat(ConfigKey.values().stream().map(ConfigKey::key))
                .containsAll(BAD_VALUES.keySet());
    }

    @Test
    void resolveWhenValueIsBadInAnotherWayThenRuleForThatWayIsGiven() {
        assertThatThrownBy(() -> explicit(Map.of("poolSize", "many")))
                .hasMessage("poolSize=many (init-param): must be a whole number from 1 to 1000");
        assertThatThrownBy(() -> explicit(Map.of("maxSessionBytes", "0")))
                .hasMessage("maxSessionBytes=0 (init-param): must be > 0");
        assertThatThrownBy(() -> explicit(Map.of("allowedClasses", " , ")))
                .hasMessage("allowedClasses=, (init-param): must name at least one class");
        assertThatThrownBy(() -> BatonConfig.resolve(Map.of(), "init-param", Map.of("baton.codec", "xml"), Map.of()))
                .hasMessage("codec=xml (system property baton.codec): must be one of kryo, java");
    }

    @Test
    void resolveWhenExplicitKeyUnknownThenNearestKnownKeyIsSuggested() {
        assertThatThrownBy(() -> explicit(Map.of("cookiName", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown configuration key 'cookiName' (init-param); did you mean 'cookieName'?");
        assertThatThrownBy(() -> BatonConfig.builder().set("storeTimout", "1s"))
                .hasMessage("Unknown configuration key 'storeTimout' (builder); did you mean 'storeTimeout'?");
    }

    @Test
    void resolveWhenEnvironmentOrPropertiesHaveUnknownBatonNamesThenIgnoredWithOneWarningNamingThem() {
        // Kubernetes injects BATON_SERVICE_HOST, BATON_PORT, ... into every pod of a namespace with a Service "baton".
        Map<String, String> environment = Map.of("BATON_SERVICE_HOST", "10.0.0.7", "BATON_PORT",
                "tcp://10.0.0.7:80", "BATON_STORE_TIMEOUTS", "1s", "BATON_POOL_SIZE", "9");
        Map<String, String> properties = Map.of("baton.storeTimout", "3s", "baton.replicaAcks", "1");

        BatonConfig[] config = new BatonConfig[1];
        String log = StderrLog.during(() -> config[0] = BatonConfig.resolve(Map.of(), "init-param", properties,
                environment));

        assertThat(config[0].poolSize()).isEqualTo(9);
        assertThat(config[0].replicaAcks()).isEqualTo(1);
        assertThat(config[0].storeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(log.lines().filter(line -> line.contains("WARN"))).singleElement().asString()
                .contains("Ignored 4 variables or properties that name no Baton configuration key: BATON_PORT, "
                        + "BATON_SERVICE_HOST, BATON_STORE_TIMEOUTS (did you mean BATON_STORE_TIMEOUT?), "
                        + "-Dbaton.storeTimout (did you mean -Dbaton.storeTimeout?)")
                .doesNotContain("10.0.0.7");
    }

    @Test
    void resolveWhenNoUnknownBatonNamesThenNothingIsLogged() {
        String log = StderrLog.during(() -> BatonConfig.resolve(Map.of(), "init-param",
                Map.of("baton.poolSize", "3"), Map.of("BATON_STORE", "memory:", "PATH", "/bin")));

        assertThat(log).isEmpty();
    }

    @Test
    void defaultTextWhenKeyHasADefaultValueThenItIsTheValueInForce() {
        BatonConfig config = explicit(Map.of());
        for (ConfigKey<?> key : ConfigKey.values()) {
            key.defaultValue().ifPresent(value -> assertThat(key.parse(key.defaultText(), "test"))
                    .as(key.key()).isEqualTo(value));
        }
        assertThat(config.storeTimeout()).isEqualTo(ConfigKey.STORE_TIMEOUT.parse(
                ConfigKey.STORE_TIMEOUT.defaultText(), "test"));
    }

    @Test
    void resolveWhenEncryptionKeyIsBadThenMessageHidesTheSecret() {
        assertThatThrownBy(() -> explicit(Map.of("encryptionKeys", "k1:c2hvcnQ=")))
                .hasMessage("encryptionKeys=**** (init-param): encryption key 'k1' must be 32 bytes (AES-256), not 5");
        assertThatThrownBy(() -> explicit(Map.of("encryptionKeys", "nocolon")))
                .hasMessageStartingWith("encryptionKeys=**** (init-param): each key must be id:base64");
        assertThatThrownBy(() -> explicit(Map.of("encryptionKeys", "a:" + KEY_1 + ",a:" + KEY_2)))
                .hasMessage("encryptionKeys=**** (init-param): key id 'a' appears twice");
    }

    @Test
    void buildWhenSettingsConflictThenIllegalState() {
        assertThatThrownBy(() -> explicit(Map.of("cookieHostPrefix", "true", "cookieDomain", "example.com")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a __Host- cookie can't have a Domain");
        assertThatThrownBy(() -> explicit(Map.of("cookieSameSite", "None", "cookieSecure", "false")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("browsers drop such cookies");
    }

    @Test
    void durationWhenWrittenInEveryFormThenParsed() {
        assertThat(explicit(Map.of("storeTimeout", "250ms")).storeTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(explicit(Map.of("storeTimeout", "3")).storeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(explicit(Map.of("storeTimeout", "2h")).storeTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(explicit(Map.of("storeTimeout", "1d")).storeTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(explicit(Map.of("storeTimeout", "PT1.5S")).storeTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void toStringWhenSecretsSetThenTheyAreMasked() {
        BatonConfig config = explicit(Map.of("store", "redis://user:hunter2@cache:6379/0",
                "encryptionKeys", "k1:" + KEY_1));

        assertThat(config.toString()).contains("store=\"redis://user:****@cache:6379/0\"")
                .contains("encryptionKeys=k1:****").doesNotContain("hunter2").doesNotContain(KEY_1);
    }

    @Test
    void environmentVariableWhenKeyIsCamelCaseThenUpperSnakeCase() {
        assertThat(ConfigKey.MAX_INACTIVE_INTERVAL.environmentVariable()).isEqualTo("BATON_MAX_INACTIVE_INTERVAL");
        assertThat(ConfigKey.STORE.environmentVariable()).isEqualTo("BATON_STORE");
        assertThat(ConfigKey.MAX_INACTIVE_INTERVAL.systemProperty()).isEqualTo("baton.maxInactiveInterval");
    }

    @Test
    void builderWhenNullValueThenNamesTheKey() {
        assertThatThrownBy(() -> BatonConfig.builder().set("codec", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("codec");
    }
}
