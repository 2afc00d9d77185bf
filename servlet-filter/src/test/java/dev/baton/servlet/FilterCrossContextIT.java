/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cross-context include and forward from web app {@code /a} into web app {@code /b} of the same Tomcat
 * ({@code crossContext=true}), both behind Baton's filter, each with its own copy of Baton in its
 * {@code WEB-INF/lib} (as two WARs would carry it), on two nodes sharing Redis: {@code /b} keeps a session of its own
 * for {@code /a}'s, which survives to the other node, and which {@code /a}'s session doesn't see.
 */
class FilterCrossContextIT {

    private final List<Tomcat> tomcats = new ArrayList<>();

    @AfterEach
    void stop() throws LifecycleException {
        for (Tomcat tomcat : tomcats) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void includeWhenBothWebAppsCarryBatonThenTheTargetKeepsItsOwnSessionAcrossNodes() throws Exception {
        // Given
        Path lib = batonLib();
        Node one = node(lib);
        Node two = node(lib);
        Browser browser = new Browser();

        // When
        HttpResponse<String> created = browser.get(one, "/a/app?op=include&target=put&value=v1");
        HttpResponse<String> read = browser.get(two, "/a/app?op=include&target=get");
        HttpResponse<String> own = browser.get(one, "/a/app?op=own");

        // Then
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("b:put v1 same-id=false own-baton=true").doesNotContain("ClassCastException");
        assertThat(read.body()).contains("b:get v1 same-id=false own-baton=true");
        assertThat(own.body()).isEqualTo("a:mark=a b-value=null");
        assertThat(browser.cookies()).as("the including web app's cookie and its near-cache token, none of the target's")
                .containsOnlyKeys("SESSION", "SESSION_v");
    }

    @Test
    void forwardWhenBothWebAppsCarryBatonThenTheTargetKeepsItsOwnSessionAcrossNodes() throws Exception {
        // Given
        Path lib = batonLib();
        Node one = node(lib);
        Node two = node(lib);
        Browser browser = new Browser();
        browser.get(one, "/a/app?op=own");

        // When
        HttpResponse<String> created = browser.get(two, "/a/app?op=forward&target=put&value=v2");
        HttpResponse<String> read = browser.get(one, "/a/app?op=forward&target=get");
        HttpResponse<String> own = browser.get(two, "/a/app?op=own");

        // Then
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("b:put v2 same-id=false own-baton=true");
        assertThat(read.body()).isEqualTo("b:get v2 same-id=false own-baton=true");
        assertThat(own.body()).isEqualTo("a:mark=a b-value=null");
    }

    /** Baton's classes (this module's and the Baton modules it uses) as jars, for each web app's WEB-INF/lib. */
    private static Path batonLib() throws IOException {
        Path lib = Files.createDirectories(Path.of("target", "cross-context", UUID.randomUUID().toString(),
                "WEB-INF", "lib")).toAbsolutePath();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.startsWith("baton-") && name.endsWith(".jar") && !name.contains("tests")) {
                Files.copy(path, lib.resolve(name));
            } else if (Files.isDirectory(path) && path.endsWith(Path.of("target", "classes"))
                    && Files.exists(path.resolve("dev/baton"))) {
                jar(path, lib.resolve(path.getParent().getParent().getFileName() + ".jar"));
            }
        }
        try (Stream<Path> jars = Files.list(lib)) {
            assertThat(jars.map(jar -> jar.getFileName().toString()))
                    .anyMatch(jar -> jar.contains("servlet-filter")).anyMatch(jar -> jar.contains("core"));
        }
        return lib;
    }

    private static void jar(Path classes, Path target) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private Node node(Path lib) throws Exception {
        Path base = Files.createTempDirectory("baton-cross-context");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcats.add(tomcat);
        webApp(tomcat, "/a", lib, new IncludingServlet());
        webApp(tomcat, "/b", lib, new TargetServlet());
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();
        return Node.stoppedByTheTest(port);
    }

    private static void webApp(Tomcat tomcat, String path, Path lib, HttpServlet servlet) throws IOException {
        Path docBase = Files.createTempDirectory("baton-webapp");
        Path webInf = Files.createDirectories(docBase.resolve("WEB-INF/lib"));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, webInf.resolve(jar.getFileName()));
            }
        }
        Context context = tomcat.addContext(path, docBase.toString());
        context.setCrossContext(true);
        Wrapper wrapper = Tomcat.addServlet(context, "app", servlet);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/app", "app");
        FilterDef def = new FilterDef();
        def.setFilterName("baton");
        def.setFilterClass("dev.baton.servlet.BatonSessionFilter");
        def.addInitParameter("store", TestServices.redisUri());
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("baton");
        map.addURLPattern("/*");
        for (String type : new String[] {"REQUEST", "FORWARD", "INCLUDE", "ERROR", "ASYNC"}) {
            map.setDispatcher(type);
        }
        context.addFilterMap(map);
    }

    /** {@code /a}: marks its own session, then includes or forwards into {@code /b}, or shows its own session. */
    static final class IncludingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            HttpSession session = request.getSession();
            session.setAttribute("mark", "a");
            String op = request.getParameter("op");
            var target = request.getServletContext().getContext("/b").getRequestDispatcher(
                    "/app?op=" + request.getParameter("target") + "&value=" + request.getParameter("value")
                    + "&a-id=" + session.getId());
            response.setContentType("text/plain");
            if ("include".equals(op)) {
                response.getWriter().print("a:");
                target.include(request, response);
            } else if ("forward".equals(op)) {
                target.forward(request, response);
            } else {
                response.getWriter().print("a:mark=" + session.getAttribute("mark") + " b-value="
                        + session.getAttribute("value"));
            }
        }
    }

    /** {@code /b}: puts or reads a value in its own session, and whether that is {@code /a}'s. */
    static final class TargetServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            if ("put".equals(request.getParameter("op"))) {
                session.setAttribute("value", request.getParameter("value"));
            }
            response.setContentType("text/plain");
            response.getWriter().print("b:" + request.getParameter("op") + " " + session.getAttribute("value")
                    + " same-id=" + session.getId().equals(request.getParameter("a-id"))
                    // Baton's session class comes from this web app's own WEB-INF/lib, not from a shared loader.
                    + " own-baton=" + (session.getClass().getClassLoader()
                            == request.getServletContext().getClassLoader()));
        }
    }
}
