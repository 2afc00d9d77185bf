package dev.baton.core.internal;

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
    void schemeWhenJdbcUrlThenJdbc() {
        assertThat(StoreUris.scheme("jdbc:postgresql://db/app")).isEqualTo("jdbc");
        assertThat(StoreUris.scheme("REDIS://h")).isEqualTo("redis");
        assertThat(StoreUris.scheme("redis-cluster://h:7000")).isEqualTo("redis-cluster");
        assertThat(StoreUris.scheme("memory:")).isEqualTo("memory");
        assertThat(StoreUris.scheme("nothing")).isEmpty();
    }
}
