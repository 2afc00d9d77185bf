/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What {@code ./mvnw -Prelease verify} leaves for a release to publish: which modules, which files each, and what
 * their POMs tell a user's Maven. Runs with {@code -Prelease} only (the default build makes no sources or javadoc
 * jars). A module or a dependency added to the build fails this test until it is added here on purpose.
 */
class PublishedArtifactsIT {

    private static final Path ROOT = Path.of(System.getProperty("baton.rootDir"));
    private static final String VERSION = System.getProperty("baton.version");

    /**
     * The jars deployed beside each published module's main jar, sources and javadoc jars: the test-jars that other
     * builds use (core's is the store contract kit; redis-store's, jdbc-store's and servlet-filter's carry fixtures that downstream
     * modules' tests use; the starter's is run again on Spring Boot 4 by spring-boot-starter-boot4-it) and the Tomcat
     * drop-in jar. A module not named here publishes only the three.
     */
    private static final Map<String, Set<String>> EXTRA_CLASSIFIERS = Map.of(
            "baton-core", Set.of("tests"),
            "baton-redis-store", Set.of("tests"),
            "baton-jdbc-store", Set.of("tests"),
            "baton-servlet-filter", Set.of("tests"),
            "baton-spring-boot-starter", Set.of("tests"),
            "baton-tomcat-valve", Set.of("all"));

    /**
     * Every dependency a user's build sees (scope other than test), as groupId:artifactId:scope[:optional], per
     * published POM. A module joins the published set by its place in the root pom's modules without
     * {@code maven.deploy.skip}; it then fails this test until its entry here says which dependencies it means to
     * pass on (and {@code release-check/pom.xml} depends on it, so that it is built first and installed for the fresh
     * projects).
     */
    private static final Map<String, Set<String>> DEPENDENCIES = Map.of(
            "baton-parent", Set.of(),
            "baton-bom", Set.of(),
            "baton-core", Set.of("org.slf4j:slf4j-api:compile", "com.esotericsoftware:kryo:compile",
                    "com.github.ben-manes.caffeine:caffeine:compile"),
            "baton-redis-store", Set.of("dev.baton:baton-core:compile", "io.lettuce:lettuce-core:compile"),
            "baton-jdbc-store", Set.of("dev.baton:baton-core:compile", "com.zaxxer:HikariCP:compile"),
            "baton-micrometer", Set.of("dev.baton:baton-core:compile", "io.micrometer:micrometer-core:compile:optional"),
            "baton-servlet-common", Set.of("dev.baton:baton-core:compile",
                    "jakarta.servlet:jakarta.servlet-api:provided"),
            "baton-servlet-filter", Set.of("dev.baton:baton-core:compile", "dev.baton:baton-servlet-common:compile",
                    "jakarta.servlet:jakarta.servlet-api:provided"),
            "baton-tomcat-valve", Set.of("dev.baton:baton-core:compile", "dev.baton:baton-servlet-common:compile",
                    "dev.baton:baton-redis-store:compile", "dev.baton:baton-jdbc-store:compile",
                    "org.postgresql:postgresql:compile:optional", "org.slf4j:slf4j-jdk14:compile:optional", "org.apache.tomcat.embed:tomcat-embed-core:provided"),
            // Spring Boot itself is the app's (optional here); Lettuce is pinned for the Redis store's needs.
            "baton-spring-boot-starter", Set.of("dev.baton:baton-servlet-filter:compile",
                    "dev.baton:baton-redis-store:compile", "io.lettuce:lettuce-core:compile",
                    "dev.baton:baton-micrometer:compile", "io.micrometer:micrometer-core:compile:optional",
                    "org.springframework.boot:spring-boot-autoconfigure:compile:optional",
                    "org.springframework.boot:spring-boot-actuator:compile:optional",
                    "org.springframework.boot:spring-boot-health:compile:optional",
                    "jakarta.servlet:jakarta.servlet-api:provided"));

    /** The published jar modules, directory to artifact ID, read from the root pom's modules as the build sees them. */
    private static final Map<String, String> ARTIFACT_IDS = Pom.publishedJarModules(ROOT);

    @Test
    void modulesWhenReleaseIsBuiltThenExactlyTheLibraryAndItsBomAndParentArePublished() {
        Set<String> published = new TreeSet<>(ARTIFACT_IDS.values());
        published.add("baton-parent");
        published.add("baton-bom");

        assertThat(published).as("published modules (root pom modules without maven.deploy.skip)")
                .containsExactlyInAnyOrderElementsOf(DEPENDENCIES.keySet());
        assertThat(ARTIFACT_IDS).as("unpublished modules").doesNotContainKeys("samples", "benchmarks",
                "release-check", "spring-boot-starter-boot4-it");
    }

    @Test
    void jarsWhenReleaseIsBuiltThenEachModuleHasItsJarSourcesAndJavadocAndNothingElse() throws IOException {
        for (Map.Entry<String, String> module : ARTIFACT_IDS.entrySet()) {
            String artifactId = module.getValue();
            Path target = ROOT.resolve(module.getKey()).resolve("target");
            Pattern jar = Pattern.compile(Pattern.quote(artifactId + "-" + VERSION) + "(?:-([a-z]+))?\\.jar");
            Set<String> classifiers = new TreeSet<>();
            try (Stream<Path> files = Files.list(target)) {
                files.map(file -> jar.matcher(file.getFileName().toString())).filter(Matcher::matches)
                        .forEach(match -> classifiers.add(match.group(1) == null ? "" : match.group(1)));
            }
            Set<String> expected = new TreeSet<>(EXTRA_CLASSIFIERS.getOrDefault(artifactId, Set.of()));
            expected.addAll(List.of("", "sources", "javadoc"));

            assertThat(classifiers).as(artifactId).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(entries(target.resolve(artifactId + "-" + VERSION + "-sources.jar")))
                    .as("%s sources", artifactId).anyMatch(name -> name.endsWith(".java"));
            assertThat(entries(target.resolve(artifactId + "-" + VERSION + "-javadoc.jar")))
                    .as("%s javadoc", artifactId).contains("index.html");
        }
    }

    @Test
    void pomsWhenReleaseIsBuiltThenEveryDependencyAndScopeIsTheIntendedOneAndNoneIsASnapshot() {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (Path file : publishedPoms()) {
            Pom pom = Pom.read(file);
            Set<String> dependencies = new TreeSet<>();
            for (Element dependency : pom.all("dependencies", "dependency")) {
                String scope = Pom.childText(dependency, "scope", "compile");
                if (!scope.equals("test")) {
                    dependencies.add(Pom.childText(dependency, "groupId", "") + ":"
                            + Pom.childText(dependency, "artifactId", "") + ":" + scope
                            + (Pom.childText(dependency, "optional", "false").equals("true") ? ":optional" : ""));
                }
                assertThat(Pom.childText(dependency, "version", "")).as("version in %s", file).doesNotContain(
                        "SNAPSHOT");
            }
            actual.put(pom.text("artifactId"), dependencies);
        }

        assertThat(actual).isEqualTo(new TreeMap<>(DEPENDENCIES));
        assertThat(snapshotProperties(Pom.read(ROOT.resolve("pom.xml")))).as("third-party versions").isEmpty();
    }

    @Test
    void pomsWhenReleaseIsBuiltThenTheyCarryWhatMavenCentralRequires() throws IOException {
        for (Path file : List.of(ROOT.resolve("pom.xml"), ROOT.resolve("bom/pom.xml"))) {
            Pom pom = Pom.read(file);
            assertThat(List.of(pom.text("name"), pom.text("description"), pom.text("url"),
                    pom.text("licenses", "license", "name"), pom.text("scm", "url"), pom.text("scm", "connection"),
                    pom.text("developers", "developer", "name"), pom.text("issueManagement", "url")))
                    .as("metadata of %s", file).doesNotContain("");
            assertThat(pom.text("licenses", "license", "name")).isEqualTo("Apache License, Version 2.0");
        }
        for (Path file : publishedPoms()) {
            assertThat(Pom.read(file).text("description")).as("description of %s", file).isNotEmpty();
        }
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
        assertThat(ROOT.resolve("NOTICE")).isRegularFile();
    }

    @Test
    void bomWhenReleaseIsBuiltThenItManagesEveryPublishedJarAtThisVersion() {
        Pom bom = Pom.read(ROOT.resolve("bom/pom.xml"));
        Set<String> managed = new TreeSet<>();
        for (Element dependency : bom.all("dependencyManagement", "dependencies", "dependency")) {
            String version = Pom.childText(dependency, "version", "");
            assertThat(version).isIn("${project.version}", VERSION);
            managed.add(Pom.childText(dependency, "artifactId", "") + ":" + Pom.childText(dependency, "classifier", ""));
        }

        Set<String> expected = new TreeSet<>();
        ARTIFACT_IDS.values().forEach(artifactId -> expected.add(artifactId + ":"));
        expected.add("baton-tomcat-valve:all");

        assertThat(bom.text("version")).isEqualTo(VERSION);
        assertThat(managed).as("artifacts the BOM manages").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void dropInJarWhenReleaseIsBuiltThenEveryClassInItIsUnderDevBaton() throws IOException {
        List<String> entries = entries(ROOT.resolve("tomcat-valve/target/baton-tomcat-valve-" + VERSION + "-all.jar"));
        Predicate<String> resource = name -> name.endsWith("/") || name.startsWith("META-INF/")
                || !name.contains("/") && !name.endsWith(".class");

        assertThat(entries).filteredOn(resource.negate()).allMatch(name -> name.startsWith("dev/baton/"));
        assertThat(entries).filteredOn(name -> name.startsWith("META-INF/services/") && !name.endsWith("/"))
                .allMatch(name -> name.startsWith("META-INF/services/dev.baton.")
                        || name.equals("META-INF/services/java.sql.Driver"));
        assertThat(entries).noneMatch(name -> name.startsWith("META-INF/versions/"));
    }

    private static List<Path> publishedPoms() {
        List<Path> poms = new ArrayList<>(List.of(ROOT.resolve("pom.xml"), ROOT.resolve("bom/pom.xml")));
        ARTIFACT_IDS.keySet().forEach(directory -> poms.add(ROOT.resolve(directory).resolve("pom.xml")));
        return poms;
    }

    private static Set<String> snapshotProperties(Pom root) {
        return root.all("properties").stream().flatMap(properties -> Pom.children(properties).stream())
                .filter(property -> property.getTextContent().contains("SNAPSHOT"))
                .map(Element::getTagName).collect(Collectors.toSet());
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
