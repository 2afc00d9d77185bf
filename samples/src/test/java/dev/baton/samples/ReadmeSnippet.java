/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A code block of the project's README.md marked {@code <!-- snippet: name -->} (the build names the file in the
 * system property {@code baton.readme}): the tests run the text users copy.
 */
final class ReadmeSnippet {

    private ReadmeSnippet() {
    }

    /** The body of the fenced code block that follows {@code <!-- snippet: name -->}. */
    static String get(String name) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("baton.readme", "../README.md")));
        Matcher block = Pattern.compile("<!-- snippet: " + Pattern.quote(name) + " -->\\s*```[a-z]*\\n(.*?)```",
                Pattern.DOTALL).matcher(readme);
        if (!block.find()) {
            throw new IllegalStateException("README.md has no code block marked <!-- snippet: " + name + " -->");
        }
        return block.group(1);
    }

    /**
     * The snippet with its example store, {@code redis://127.0.0.1:6379}, replaced by {@code store}.
     *
     * @throws IllegalStateException when the snippet has no such store
     */
    static String withStore(String name, String store) throws IOException {
        String text = get(name);
        String example = "redis://127.0.0.1:6379";
        if (!text.contains(example)) {
            throw new IllegalStateException("README snippet " + name + " names no " + example + ":\n" + text);
        }
        return text.replace(example, store);
    }
}
