/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/jdbc-store.md shows each dialect's DDL exactly as the jar ships it. */
class SchemaDocsTest {

    @ParameterizedTest
    @ValueSource(strings = {"schema-postgresql.sql", "schema-mariadb.sql", "schema-h2.sql"})
    void docsWhenReadThenShowTheDdlOfTheJarVerbatim(String resource) throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "jdbc-store.md"));
        String ddl;
        try (InputStream in = JdbcSessionStore.class.getResourceAsStream("/dev/baton/jdbc/" + resource)) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(docs).contains("(`dev/baton/jdbc/" + resource + "`)").contains("```sql\n" + ddl + "```\n");
    }
}
