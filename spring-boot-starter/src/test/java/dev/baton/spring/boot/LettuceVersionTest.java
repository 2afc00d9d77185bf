/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LettuceVersionTest {

    @Test
    void checkWhenLettuceOlderThan67ThenFailsNamingFoundNeededAndFix() {
        String wanted = LettuceVersion.recommended();
        assertThat(wanted).as("the root pom's lettuce.version, filtered in").doesNotContain("${");
        assertThatCode(() -> LettuceVersion.check(wanted)).doesNotThrowAnyException();

        assertThatThrownBy(() -> LettuceVersion.check("6.6.0.RELEASE/abc1234"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lettuce 6.6.0.RELEASE is on the class path, but Baton's Redis store needs Lettuce 6.7 or "
                        + "later (before 6.7, a command in flight when the connection drops is re-sent after the "
                        + "reconnect and can undo later session writes). Spring Boot's dependency management chose it: "
                        + "set <lettuce.version>" + wanted + "</lettuce.version> in the app's pom.xml properties, or "
                        + "ext['lettuce.version'] = '" + wanted + "' in build.gradle");
    }

    @Test
    void checkWhenOlderMajorThenFails() {
        assertThatThrownBy(() -> LettuceVersion.check("5.3.7.RELEASE")).hasMessageStartingWith("Lettuce 5.3.7.RELEASE");
    }

    @Test
    void checkWhenLettuce67OrLaterThenPasses() {
        assertThatCode(() -> LettuceVersion.check("6.7.0.RELEASE")).doesNotThrowAnyException();
        assertThatCode(() -> LettuceVersion.check("6.8.1.RELEASE/ec0535e")).doesNotThrowAnyException();
        assertThatCode(() -> LettuceVersion.check("7.0.0.RELEASE")).doesNotThrowAnyException();
        assertThatCode(() -> LettuceVersion.check("6.10.0")).doesNotThrowAnyException();
    }

    @Test
    void checkWhenVersionUnknownThenPasses() {
        assertThatCode(() -> LettuceVersion.check(null)).doesNotThrowAnyException();
        assertThatCode(() -> LettuceVersion.check("snapshot")).doesNotThrowAnyException();
    }

    @Test
    void onClassPathWhenBuiltWithRootPomThenIsTheRecommendedVersion() {
        assertThatCode(() -> LettuceVersion.check(LettuceVersion.onClassPath())).doesNotThrowAnyException();
        assertThat(LettuceVersion.onClassPath())
                .startsWith(LettuceVersion.recommended());
    }
}
