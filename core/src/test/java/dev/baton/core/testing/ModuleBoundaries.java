/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's check of what each module may touch of the others, run by every module's {@code ModuleBoundariesTest}
 * on its own main classes.
 *
 * <p>The rule it enforces: a package named {@code internal} belongs to its module alone, and so do core's
 * {@code dev.baton.core.codec} (the codecs behind {@code SessionEngine}) and {@code dev.baton.core.memory}; no other
 * module's class may use them. A public type outside those packages may not show them in a public or protected
 * signature either, so that what a user or a store author sees compiles against the published API alone. And no
 * source file of the module's main code is longer than {@link #MOST_LINES} lines: a class that grows past that
 * holds more than one job.
 */
public final class ModuleBoundaries {

    /** The longest a main source file may be. */
    public static final int MOST_LINES = 400;

    private ModuleBoundaries() {
    }

    /**
     * Checks the main classes under one module's base package, and the module's main sources (the test runs in the
     * module's directory, so they are under {@code src/main/java}).
     *
     * @param basePackage the module's base package, such as {@code dev.baton.redis}
     * @throws AssertionError listing every violation
     */
    public static void check(String basePackage) {
        assertThat(longSources(Path.of("src", "main", "java"))).as("main source files over %d lines", MOST_LINES)
                .isEmpty();
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        noClasses().should().dependOnClassesThat(privateToAnotherModule(basePackage))
                .because("a module's internal packages are its own (see docs/design-notes.md, 'What is API')")
                .check(classes);
        members().that().areDeclaredInClassesThat(publicApi()).and(visibleOutside())
                .should(showNoPrivatePackage())
                .allowEmptyShould(true)
                .check(classes);
    }

    private static List<String> longSources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > MOST_LINES)
                    .map(f -> root.relativize(f) + " (" + lines(f) + " lines)").sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a package is private to the module whose base it starts with. */
    static boolean isModulePrivate(String packageName) {
        return packageName.startsWith("dev.baton.") && (packageName.contains(".internal")
                || packageName.startsWith("dev.baton.core.codec") || packageName.startsWith("dev.baton.core.memory"));
    }

    private static DescribedPredicate<JavaClass> privateToAnotherModule(String basePackage) {
        return DescribedPredicate.describe("are in another module's private packages",
                c -> isModulePrivate(c.getPackageName()) && !c.getPackageName().startsWith(basePackage + ".")
                        && !c.getPackageName().equals(basePackage));
    }

    private static DescribedPredicate<JavaClass> publicApi() {
        return DescribedPredicate.describe("are public API",
                c -> c.getModifiers().contains(JavaModifier.PUBLIC) && !isModulePrivate(c.getPackageName())
                        && !c.getEnclosingClass().map(e -> !e.getModifiers().contains(JavaModifier.PUBLIC))
                                .orElse(false));
    }

    private static DescribedPredicate<JavaMember> visibleOutside() {
        return DescribedPredicate.describe("are public or protected",
                m -> m.getModifiers().contains(JavaModifier.PUBLIC)
                        || m.getModifiers().contains(JavaModifier.PROTECTED));
    }

    private static ArchCondition<JavaMember> showNoPrivatePackage() {
        return new ArchCondition<>("show no module-private type in their signature") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                List<JavaClass> shown = new ArrayList<>();
                if (member instanceof JavaField field) {
                    shown.add(field.getRawType());
                }
                if (member instanceof JavaCodeUnit code) {
                    shown.add(code.getRawReturnType());
                    shown.addAll(code.getRawParameterTypes());
                    code.getThrowsClause().forEach(t -> shown.add(t.getRawType()));
                }
                for (JavaClass type : shown) {
                    JavaClass base = type.getBaseComponentType();
                    if (isModulePrivate(base.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(member, member.getFullName() + " shows "
                                + base.getName() + ", which is not API"));
                    }
                }
            }
        };
    }
}
