/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.jdbc.StoredNames.Attribute;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How names and principals are laid out in their columns, and that rows written before the layout read the same. */
class StoredNamesTest {

    private static final byte[] VALUE = {1, 2, 3};

    @Test
    void rowWhenNameIsPlainThenItAndTheValueAreWrittenAsTheyAre() {
        String name = "cart " + "x".repeat(1990);

        Attribute row = StoredNames.row(name, VALUE);

        assertThat(row.name()).isEqualTo(name);
        assertThat(row.bytes()).isSameAs(VALUE);
    }

    @Test
    void rowWhenNameHasNulOrIsTooLongOrBeginsWithTheMarkThenAKeyIsWrittenAndReadBack() {
        for (String name : new String[] {"\0org.apache.catalina.authenticator.REQUEST", "x".repeat(2001),
            "é".repeat(1001), StoredNames.MARK + "a", StoredNames.PRINCIPAL_ROW, "\uD800lone"}) {
            Attribute row = StoredNames.row(name, VALUE);

            assertThat(row.name()).as(name).hasSize(65).startsWith(String.valueOf(StoredNames.MARK))
                    .doesNotContain("\0").isNotEqualTo(StoredNames.PRINCIPAL_ROW);
            Attribute read = StoredNames.attribute(row.name(), row.bytes());
            assertThat(read.name()).isEqualTo(name);
            assertThat(read.bytes()).containsExactly(VALUE);
        }
    }

    @Test
    void attributeWhenRowWasWrittenBeforeKeysExistedThenItReadsAsItIs() {
        String markedButNoKey = StoredNames.MARK + "0".repeat(64);

        assertThat(StoredNames.attribute("plain", VALUE)).satisfies(row -> {
            assertThat(row.name()).isEqualTo("plain");
            assertThat(row.bytes()).isSameAs(VALUE);
        });
        assertThat(StoredNames.attribute(markedButNoKey, VALUE).name()).isEqualTo(markedButNoKey);
        assertThat(StoredNames.attribute(StoredNames.MARK + "short", VALUE).name())
                .isEqualTo(StoredNames.MARK + "short");
    }

    @Test
    void principalWhenLongerThanTheColumnThenItsKeyIsWrittenAndTheRowGivesItBack() {
        String distinguishedName = "CN=" + "x".repeat(300);

        String column = StoredNames.principalColumn(distinguishedName);
        byte[] row = StoredNames.principalRow(distinguishedName);

        assertThat(column).hasSize(65);
        assertThat(StoredNames.principal(column, row)).isEqualTo(distinguishedName);
        assertThat(StoredNames.principal(column, "someone else".getBytes(StandardCharsets.UTF_16BE)))
                .as("a row of another principal").isEqualTo(column);
    }

    @Test
    void principalWhenItFitsTheColumnThenItIsWrittenAsItIsWithNoRow() {
        String fits = "x".repeat(255);

        assertThat(StoredNames.principalColumn(fits)).isEqualTo(fits);
        assertThat(StoredNames.principalRow(fits)).isNull();
        assertThat(StoredNames.principalColumn(null)).isNull();
        assertThat(StoredNames.principal(fits, null)).isEqualTo(fits);
    }
}
