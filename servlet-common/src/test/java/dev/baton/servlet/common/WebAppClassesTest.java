/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 19): the default allow-list covered only {@code /WEB-INF/classes}, so an app in a Spring Boot
 * jar, or one embedding its container, could not store its own types. The app's own classes are found however it is
 * packaged; a library's never are.
 */
class WebAppClassesTest {

    @TempDir
    Path dir;

    /** A servlet context without {@code /WEB-INF/classes} (an embedded container's). */
    private static ServletContext noWebInf() {
        return (ServletContext) Proxy.newProxyInstance(WebAppClassesTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> null);
    }

    private static void jar(Path file, Manifest manifest, String... entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
            for (String entry : entries) {
                jar.putNextEntry(new JarEntry(entry));
                jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
                jar.closeEntry();
            }
        }
    }

    @Test
    void testWhenClassIsInADirectoryOfTheClassPathThenItIsTheAppsAndAJarsIsNot() throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("com/shop"));
        Files.write(classes.resolve("com/shop/Cart.class"), new byte[] {1});
        Path lib = dir.resolve("lib.jar");
        jar(lib, null, "org/lib/Gadget.class");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), lib.toUri().toURL()},
                null)) {
            WebAppClasses own = new WebAppClasses(noWebInf(), loader, null);

            assertThat(own.test("com.shop.Cart")).isTrue();
            assertThat(own.test("com.shop.Cart$Line")).isTrue();
            assertThat(own.test("org.lib.Gadget")).isFalse();
            assertThat(own.test("com.shop.Missing")).isFalse();
            assertThat(own.test("java.lang.Runtime")).isFalse();
            assertThat(own.test("com..shop/Cart")).isFalse();
        }
    }

    @Test
    void testWhenClassIsInASpringBootJarsBootInfClassesThenItIsTheAppsAndBootInfLibIsNot() throws IOException {
        Path boot = dir.resolve("app.jar");
        jar(boot, null, "BOOT-INF/classes/com/boot/Order.class", "BOOT-INF/lib/org/lib/Gadget.class");
        String base = "jar:" + boot.toUri() + "!/";
        try (URLClassLoader loader = new URLClassLoader(new URL[] {new URL(base + "BOOT-INF/classes/"),
            new URL(base + "BOOT-INF/lib/")}, null)) {
            WebAppClasses own = new WebAppClasses(noWebInf(), loader, null);

            assertThat(own.test("com.boot.Order")).isTrue();
            assertThat(own.test("org.lib.Gadget")).isFalse();
        }
    }

    @Test
    void testWhenAppStartedFromAJarByItsMainClassThenItsPackageIsTheApps() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.shop.app.Main");
        Path app = dir.resolve("shop.jar");
        jar(app, manifest, "com/shop/app/Main.class", "com/shop/app/model/Cart.class", "org/lib/Gadget.class");
        String mainPackage = WebAppClasses.mainPackage(app + " --server.port=8080");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {app.toUri().toURL()}, null)) {
            WebAppClasses own = new WebAppClasses(noWebInf(), loader, mainPackage);

            assertThat(mainPackage).isEqualTo("com.shop.app");
            assertThat(own.test("com.shop.app.model.Cart")).isTrue();
            assertThat(own.test("org.lib.Gadget")).isFalse();
        }
        assertThat(WebAppClasses.mainPackage("com.shop.Main arg")).isEqualTo("com.shop");
        assertThat(WebAppClasses.mainPackage("Main")).isNull();
        assertThat(WebAppClasses.mainPackage("shop.Main")).isNull();
        assertThat(WebAppClasses.mainPackage("org.springframework.boot.loader.launch.JarLauncher")).isNull();
        assertThat(WebAppClasses.mainPackage(null)).isNull();
    }
}
