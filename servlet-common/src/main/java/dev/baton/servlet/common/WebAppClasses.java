/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Which class names are the web app's own, and so allowed in the store by default, however the app is packaged:
 * <ul>
 *   <li>a WAR: the class file is in the web app's {@code /WEB-INF/classes};</li>
 *   <li>a Spring Boot executable jar or war: the web app's class loader finds the class file under
 *       {@code BOOT-INF/classes/} (or {@code WEB-INF/classes/}) of the archive;</li>
 *   <li>an embedded container (an app started from its build directory, an IDE, {@code java -cp classes:lib/*}):
 *       the class loader finds the class file in a directory of the class path, not in a jar;</li>
 *   <li>an app started from a plain jar by its main class: the class is in the main class's package or below it
 *       (a package of at least two names, so that a shaded jar's libraries stay out).</li>
 * </ul>
 * Decided from the name alone: resources are looked up, no class is loaded. Libraries (jars in {@code /WEB-INF/lib},
 * {@code BOOT-INF/lib}, or on the class path) are never included: add their packages to {@code allowedClasses}.
 */
public final class WebAppClasses implements Predicate<String> {

    /** A binary class name: identifiers separated by single dots. Anything else is no class of the app's. */
    private static final Pattern BINARY_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*){0,64}");
    /** Answers remembered at most: names come from stored bytes, which must not grow this without bound. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final Pattern PACKAGE_OF_TWO_NAMES = Pattern.compile("[^.]+\\.[^.]+(\\..+)?");

    private final ServletContext servletContext;
    private final ClassLoader loader;
    private final String mainPackage;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    /**
     * The web app's classes, looked up through its {@code /WEB-INF/classes} and its class loader.
     *
     * @param servletContext the web app
     */
    public WebAppClasses(ServletContext servletContext) {
        this(servletContext, servletContext.getClassLoader(), mainPackage(System.getProperty("sun.java.command")));
    }

    WebAppClasses(ServletContext servletContext, ClassLoader loader, String mainPackage) {
        this.servletContext = requireNonNull(servletContext, "servletContext");
        this.loader = loader;
        this.mainPackage = mainPackage;
    }

    @Override
    public boolean test(String className) {
        if (className == null || !BINARY_NAME.matcher(className).matches()) {
            return false;
        }
        Boolean own = known.get(className);
        if (own == null) {
            own = isOwn(className);
            if (known.size() < MAX_REMEMBERED) {
                known.put(className, own);
            }
        }
        return own;
    }

    private boolean isOwn(String className) {
        int dollar = className.indexOf('$');
        String outer = dollar > 0 ? className.substring(0, dollar) : className;
        String resource = outer.replace('.', '/') + ".class";
        try {
            if (servletContext.getResource("/WEB-INF/classes/" + resource) != null) {
                return true;
            }
        } catch (MalformedURLException e) {
            return false;
        }
        URL url = loader == null ? null : loader.getResource(resource);
        if (url == null) {
            return false;
        }
        return isApplicationCodeSource(url) || mainPackage != null && outer.startsWith(mainPackage + ".");
    }

    /**
     * Whether a class file's URL is in the app's own code: a directory of the class path ({@code file:}), or
     * {@code BOOT-INF/classes/} or {@code WEB-INF/classes/} of an archive. A class in a jar is a library's.
     */
    static boolean isApplicationCodeSource(URL classFile) {
        if ("file".equals(classFile.getProtocol())) {
            return true;
        }
        String text = classFile.toString();
        return text.contains("!/BOOT-INF/classes/") || text.contains("!BOOT-INF/classes/")
                || text.contains("!/WEB-INF/classes/") || text.contains("!WEB-INF/classes/");
    }

    /**
     * The package of the main class the JVM was started with ({@code sun.java.command}: a class name, or a jar whose
     * manifest names it), when that package has at least two names and is not a launcher's (Spring Boot's loader,
     * whose apps {@code BOOT-INF/classes} covers); else {@code null}.
     */
    static String mainPackage(String command) {
        if (command == null || command.isBlank()) {
            return null;
        }
        String first = command.strip().split("\\s+", 2)[0];
        String mainClass = first;
        if (first.endsWith(".jar")) {
            try (JarFile jar = new JarFile(first)) {
                Manifest manifest = jar.getManifest();
                mainClass = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            } catch (IOException | SecurityException e) {
                return null;
            }
        }
        if (mainClass == null || !BINARY_NAME.matcher(mainClass.strip()).matches()) {
            return null;
        }
        int dot = mainClass.strip().lastIndexOf('.');
        String pkg = dot < 0 ? "" : mainClass.strip().substring(0, dot);
        if (!PACKAGE_OF_TWO_NAMES.matcher(pkg).matches() || pkg.startsWith("org.springframework.boot.")
                || pkg.startsWith("org.apache.catalina.") || pkg.startsWith("org.eclipse.jetty.")
                || pkg.startsWith("org.junit.") || pkg.startsWith("org.apache.maven.")
                || pkg.startsWith("java.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.")) {
            return null;
        }
        return pkg;
    }
}
