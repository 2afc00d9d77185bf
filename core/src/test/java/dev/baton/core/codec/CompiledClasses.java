/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Classes compiled by the test from source, each version in its own directory, loaded by loaders that record every
 * class they are asked for: a test can prove a class was never loaded.
 */
final class CompiledClasses {

    /** A loader over one compiled directory that records the names it was asked to load. */
    static final class RecordingLoader extends URLClassLoader {
        final List<String> requested = new CopyOnWriteArrayList<>();

        RecordingLoader(URL url, ClassLoader parent) {
            super(new URL[] {url}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private final Path directory;

    private CompiledClasses(Path directory) {
        this.directory = directory;
    }

    /**
     * Compiles sources (class name to source) into a new directory.
     *
     * @param sources fully qualified class name to Java source
     * @return the compiled classes
     */
    static CompiledClasses compile(Map<String, String> sources) {
        try {
            Path root = Files.createTempDirectory("baton-classes");
            Path src = root.resolve("src");
            Path out = root.resolve("out");
            Files.createDirectories(out);
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-nowarn"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler.run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("test sources did not compile");
            }
            return new CompiledClasses(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new loader over these classes, whose parent is the test's loader. */
    RecordingLoader newLoader() {
        try {
            return new RecordingLoader(directory.toUri().toURL(), CompiledClasses.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
