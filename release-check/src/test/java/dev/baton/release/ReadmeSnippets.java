/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of the project's README.md that are marked {@code <!-- snippet: name -->}: the tests use the text
 * users copy, so the two can't drift apart.
 */
final class ReadmeSnippets {

    private final String readme;

    private ReadmeSnippets(String readme) {
        this.readme = readme;
    }

    static ReadmeSnippets of(Path rootDir) throws IOException {
        return new ReadmeSnippets(Files.readString(rootDir.resolve("README.md")));
    }

    /** The body of the fenced code block that follows the marker {@code <!-- snippet: name -->}. */
    String get(String name) {
        Pattern block = Pattern.compile("<!-- snippet: " + Pattern.quote(name) + " -->\\s*```[a-z]*\\n(.*?)```",
                Pattern.DOTALL);
        Matcher matcher = block.matcher(readme);
        if (!matcher.find()) {
            throw new IllegalStateException("README.md has no code block marked <!-- snippet: " + name + " -->");
        }
        return matcher.group(1);
    }
}
