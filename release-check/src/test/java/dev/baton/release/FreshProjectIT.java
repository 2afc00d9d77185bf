/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's new project, as README.md tells them to write it: its pom imports {@code baton-bom} and depends on
 * {@code baton-servlet-filter} and {@code baton-redis-store}, in the very words of the README's Maven snippet. Maven
 * resolves it from a repository holding only what this build installed (invoker:install) plus, as a mirror of
 * Central, the build's own local repository; then two Jetty nodes run the resolved class path against the real Redis
 * and a session started on one continues on the other.
 */
class FreshProjectIT {

    private static final Path ROOT = Path.of(System.getProperty("baton.rootDir"));
    private static final String VERSION = System.getProperty("baton.version");
    private static final String REDIS_URI = System.getenv().getOrDefault("TEST_REDIS_URI", "redis://127.0.0.1:6379");
    private static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path project;

    private final List<Process> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopNodes() {
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void projectWhenBuiltFromTheReadmeSnippetThenTwoNodesShareItsSessions() throws Exception {
        List<String> classPath = resolve("maven-filter-redis");

        assertThat(classPath).anyMatch(jar -> jar.endsWith("baton-servlet-filter-" + VERSION + ".jar"))
                .anyMatch(jar -> jar.endsWith("baton-redis-store-" + VERSION + ".jar"))
                .as("no logging binding and no JDBC driver comes with the plain artifacts")
                .noneMatch(FreshProjectIT::isBindingOrDriver);

        int first = startNode(classPath, "node-1");
        int second = startNode(classPath, "node-2");
        HttpResponse<String> started = get(first, null);
        String cookie = started.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];

        assertThat(started.body()).isEqualTo("1");
        assertThat(get(second, cookie).body()).isEqualTo("2");
        assertThat(get(first, cookie).body()).isEqualTo("3");
    }

    @Test
    void tomcatSnippetWhenResolvedThenItBringsTheManagerAndBothStoresButNoTomcatDriverOrBinding() throws Exception {
        List<String> classPath = resolve("maven-tomcat");

        assertThat(classPath).anyMatch(jar -> jar.endsWith("baton-tomcat-valve-" + VERSION + ".jar"))
                .anyMatch(jar -> jar.endsWith("baton-redis-store-" + VERSION + ".jar"))
                .anyMatch(jar -> jar.endsWith("baton-jdbc-store-" + VERSION + ".jar"))
                .noneMatch(jar -> fileName(jar).startsWith("tomcat-"))
                .noneMatch(FreshProjectIT::isBindingOrDriver);
    }

    @Test
    void springBootSnippetWhenResolvedThenItBringsTheFilterAndRedisStoreButNotSpringBoot() throws Exception {
        List<String> classPath = resolve("maven-spring-boot");

        assertThat(classPath).anyMatch(jar -> jar.endsWith("baton-spring-boot-starter-" + VERSION + ".jar"))
                .anyMatch(jar -> jar.endsWith("baton-servlet-filter-" + VERSION + ".jar"))
                .anyMatch(jar -> jar.endsWith("baton-redis-store-" + VERSION + ".jar"))
                .as("Spring Boot is the app's").noneMatch(jar -> fileName(jar).startsWith("spring-"))
                .noneMatch(FreshProjectIT::isBindingOrDriver);
    }

    @ParameterizedTest
    @ValueSource(strings = {"filter-redis", "tomcat", "spring-boot"})
    void gradleSnippetWhenReadThenItNamesTheBomAndTheSameArtifactsAsTheMavenOne(String way) throws IOException {
        ReadmeSnippets readme = ReadmeSnippets.of(ROOT);
        Matcher artifactIds = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(readme.get("maven-" + way));
        List<String> named = new ArrayList<>();
        while (artifactIds.find()) {
            named.add("\"dev.baton:" + artifactIds.group(1) + "\"");
        }
        String gradle = readme.get("gradle-" + way);

        assertThat(named).isNotEmpty();
        assertThat(gradle).contains("platform(\"dev.baton:baton-bom:" + VERSION + "\")").contains(named);
        assertThat(gradle.lines().filter(line -> line.contains("implementation(\"dev.baton:"))).hasSize(named.size());
    }

    private static boolean isBindingOrDriver(String jar) {
        return fileName(jar).matches("(slf4j-(simple|jdk14|reload4j|nop)|logback-classic|log4j-slf4j2?-impl|postgresql|"
                + "mariadb-java-client|mysql-connector-j|h2)-.*\\.jar");
    }

    /**
     * Writes the project from the README's BOM snippet and one of its Maven dependency snippets, resolves its class
     * path with Maven, and returns the jars.
     */
    private List<String> resolve(String snippet) throws IOException, InterruptedException {
        ReadmeSnippets readme = ReadmeSnippets.of(ROOT);
        String dependencySnippet = readme.get("maven-bom") + readme.get(snippet);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>fresh-project</artifactId>
                  <version>1.0</version>
                %s
                </project>
                """.formatted(dependencySnippet));
        FreshMaven.run(project, "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=classpath.txt");
        return Arrays.asList(Files.readString(project.resolve("classpath.txt")).trim().split(File.pathSeparator));
    }

    /** Starts a node in its own JVM: the container (Jetty, the Servlet API, JettyNode) plus the project's jars. */
    private int startNode(List<String> projectClassPath, String name) throws Exception {
        String container = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith("test-classes") || fileName(entry).startsWith("jetty-")
                        || fileName(entry).startsWith("jakarta.servlet-api-"))
                .collect(Collectors.joining(File.pathSeparator));
        String classPath = container + File.pathSeparator + String.join(File.pathSeparator, projectClassPath);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process node = new ProcessBuilder(java.toString(), "-cp", classPath, JettyNode.class.getName(), REDIS_URI)
                .redirectError(project.resolve(name + ".log").toFile()).start();
        nodes.add(node);
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> readLine(out))
                .get(NODE_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).as("%s starts; its log:%n%s", name, Files.readString(project.resolve(name + ".log")))
                .startsWith("port=");
        return Integer.parseInt(line.substring("port=".length()));
    }

    private HttpResponse<String> get(int port, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/count"))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status from port %d: %s", port, response.body()).isEqualTo(200);
        return response;
    }

    private static String readLine(BufferedReader reader) {
        try {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }

    private static String fileName(String path) {
        return Path.of(path).getFileName().toString();
    }
}
