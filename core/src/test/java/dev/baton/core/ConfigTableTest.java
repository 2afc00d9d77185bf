/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table says exactly what {@link ConfigKey} says, tier by tier. */
class ConfigTableTest {

    private static final String START = "<!-- config-table: generated from dev.baton.core.ConfigKey; "
            + "ConfigTableTest keeps the two equal -->";
    private static final String END = "<!-- /config-table -->";

    static String expectedTable() {
        StringBuilder table = new StringBuilder();
        for (ConfigKey.Tier tier : ConfigKey.Tier.values()) {
            String title = switch (tier) {
                case ESSENTIAL -> "Essentials";
                case COMMON -> "Frequently used";
                case RARE -> "Rarely used";
            };
            table.append("\n#### ").append(title).append("\n\n| key | meaning | default |\n| --- | --- | --- |\n");
            for (ConfigKey<?> key : ConfigKey.values()) {
                if (key.tier() == tier) {
                    table.append("| `").append(key.key()).append("` | ").append(key.description().replace("|", "\\|"))
                            .append(" | ").append(key.defaultText()).append(" |\n");
                }
            }
        }
        return table.append('\n').toString();
    }

    @Test
    void readmeWhenComparedWithConfigKeysThenTableIsTheSame() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the config-table markers").isNotNegative();
        assertThat(end).isGreaterThan(start);

        String actual = readme.substring(start + START.length(), end);

        assertThat(actual).as("README.md's configuration table; replace it with the expected text")
                .isEqualTo(expectedTable());
    }
}
