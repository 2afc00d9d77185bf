/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreUrisTest {

    @Test
    void maskWhenUriCarriesPasswordThenOnlyThePasswordIsHidden() {
        assertThat(StoreUris.mask("redis://user:secret@cache:6379/2")).isEqualTo("redis://user:****@cache:6379/2");
        assertThat(StoreUris.mask("rediss://secret@cache:6380")).isEqualTo("rediss://****@cache:6380");
        assertThat(StoreUris.mask("redis-sentinel://:pw@h1:26379,h2:26379/0?sentinelMasterId=m"))
                .isEqualTo("redis-sentinel://:****@h1:26379,h2:26379/0?sentinelMasterId=m");
        assertThat(StoreUris.mask("jdbc:postgresql://db/app?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/app?user=app&password=****&ssl=true");
        assertThat(StoreUris.mask("jdbc:mariadb://db/app?user=app&password=s3cret"))
                .isEqualTo("jdbc:mariadb://db/app?user=app&password=****");
        assertThat(StoreUris.mask("redis://cache:6379")).isEqualTo("redis://cache:6379");
        assertThat(StoreUris.mask("memory:")).isEqualTo("memory:");
    }

    @Test
    void maskWhenPasswordTakesAnyFormAUserCanTypeThenNoPartOfItIsShown() {
        // Regression (issue 18, item 5): trustStorePassword and other names were missed, user info was split at the
        // first '@' (the parsers split at the last), and a value without "://" was not masked at all.
        assertThat(StoreUris.mask("redis://user:p@ss@cache:6379")).isEqualTo("redis://user:****@cache:6379");
        assertThat(StoreUris.mask("redis://p@ss@cache")).isEqualTo("redis://****@cache");
        assertThat(StoreUris.mask("redis://user:se/cr?et#x@cache/0")).isEqualTo("redis://user:****@cache/0");
        assertThat(StoreUris.mask("redis-cluster://:pw@h1:7000,h2:7001"))
                .isEqualTo("redis-cluster://:****@h1:7000,h2:7001");
        assertThat(StoreUris.mask("user:secret@cache:6379")).isEqualTo("****@cache:6379");
        assertThat(StoreUris.mask("jdbc:oracle:thin:scott/tiger@db:1521:orcl")).isEqualTo("****@db:1521:orcl");
        assertThat(StoreUris.mask("jdbc:postgresql://db/app?sslmode=verify-full&trustStorePassword=s3cret"))
                .isEqualTo("jdbc:postgresql://db/app?sslmode=verify-full&trustStorePassword=****");
        assertThat(StoreUris.mask("jdbc:mysql://db/app?clientCertificateKeyStorePassword=s3cret&user=app"))
                .isEqualTo("jdbc:mysql://db/app?clientCertificateKeyStorePassword=****&user=app");
        assertThat(StoreUris.mask("jdbc:sqlserver://db;user=app;PassWord=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=app;PassWord=****;encrypt=true");
        assertThat(StoreUris.mask("jdbc:h2:mem:app;USER=sa;PASSWD=s3cret")).isEqualTo("jdbc:h2:mem:app;USER=sa;PASSWD=****");
        assertThat(StoreUris.mask("jdbc:mariadb://db/app?user=app&pwd=s3cret&sslKey=k1"))
                .isEqualTo("jdbc:mariadb://db/app?user=app&pwd=****&sslKey=****");
        assertThat(StoreUris.mask("jdbc:mysql://address=(host=db)(password=s3cret)/app"))
                .isEqualTo("jdbc:mysql://address=(host=db)(password=****)/app");
        assertThat(StoreUris.mask("redis://cache:6379/0?sentinelMasterId=m&timeout=2s"))
                .isEqualTo("redis://cache:6379/0?sentinelMasterId=m&timeout=2s");
        assertThat(StoreUris.mask(null)).isEqualTo("null");
    }

    @Test
    void schemeWhenJdbcUrlThenJdbc() {
        assertThat(StoreUris.scheme("jdbc:postgresql://db/app")).isEqualTo("jdbc");
        assertThat(StoreUris.scheme("REDIS://h")).isEqualTo("redis");
        assertThat(StoreUris.scheme("redis-cluster://h:7000")).isEqualTo("redis-cluster");
        assertThat(StoreUris.scheme("memory:")).isEqualTo("memory");
        assertThat(StoreUris.scheme("nothing")).isEmpty();
    }
}
