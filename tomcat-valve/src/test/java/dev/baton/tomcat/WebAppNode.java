/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.servlet.testing.Node;
import dev.baton.tomcat.webapp.ListenerInitializer;
import dev.baton.tomcat.webapp.SessionServlet;
import dev.baton.tomcat.webapp.WebXmlListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * A Tomcat that deploys a web app from a directory the way it deploys an unpacked WAR: the Manager from the app's
 * {@code META-INF/context.xml}, {@code WEB-INF/web.xml}, annotation scanning of {@code WEB-INF/classes}, the app's
 * {@code ServletContainerInitializer}s, and a web app class loader of its own. The app is the classes of
 * {@code dev.baton.tomcat.webapp}, copied into {@code WEB-INF/classes}, plus any classes a test compiles into it.
 */
final class WebAppNode implements Node {

    private final Tomcat tomcat;
    private final Context context;
    private final int port;

    private WebAppNode(Tomcat tomcat, Context context) {
        this.tomcat = tomcat;
        this.context = context;
        this.port = tomcat.getConnector().getLocalPort();
    }

    /**
     * Writes a web app directory whose {@code context.xml} declares the Baton Manager with these attributes.
     *
     * @param node the node's name, a context-param the listeners report
     * @param manager the {@code <Manager>} attributes besides {@code className}
     * @return the directory
     */
    static Path webApp(String node, Map<String, String> manager) {
        try {
            Path dir = Files.createTempDirectory("baton-webapp");
            StringBuilder attributes = new StringBuilder();
            manager.forEach((name, value) -> attributes.append(' ').append(name).append("=\"")
                    .append(value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")).append('"'));
            write(dir.resolve("META-INF/context.xml"), "<Context><Manager className=\""
                    + BatonSessionManager.class.getName() + "\"" + attributes + "/></Context>");
            write(dir.resolve("WEB-INF/web.xml"), """
                    <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                      <context-param><param-name>node</param-name><param-value>%s</param-value></context-param>
                      <listener><listener-class>%s</listener-class></listener>
                      <servlet><servlet-name>app</servlet-name><servlet-class>%s</servlet-class></servlet>
                      <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                    </web-app>
                    """.formatted(node, WebXmlListener.class.getName(), SessionServlet.class.getName()));
            Path classes = dir.resolve("WEB-INF/classes");
            Path compiled = Path.of(SessionServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path appPackage = compiled.resolve(SessionServlet.class.getPackageName().replace('.', '/'));
            try (Stream<Path> files = Files.list(appPackage)) {
                for (Path file : files.toList()) {
                    Path target = classes.resolve(compiled.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
            write(classes.resolve("META-INF/services/jakarta.servlet.ServletContainerInitializer"),
                    ListenerInitializer.class.getName());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles a class into the web app's {@code WEB-INF/classes}: a class that only the web app's loader has.
     *
     * @param webApp the web app directory
     * @param className the class's fully qualified name
     * @param source its Java source
     */
    static void compileInto(Path webApp, String className, String source) {
        try {
            Path file = Files.createTempDirectory("baton-src").resolve(className.replace('.', '/') + ".java");
            write(file, source);
            List<String> args = new ArrayList<>(List.of("-d", webApp.resolve("WEB-INF/classes").toString(),
                    "--release", "17", "-nowarn", file.toString()));
            if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException(className + " did not compile");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /**
     * Deploys the web app at the root context of a new Tomcat.
     *
     * @param webApp the web app directory
     * @return the started node
     */
    static WebAppNode deploy(Path webApp) {
        try {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("baton-tomcat").toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.getConnector().setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Context context = tomcat.addWebapp("", webApp.toString());
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            tomcat.start();
            WebAppNode node = new WebAppNode(tomcat, context);
            node.checkStarted();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkStarted() {
        if (context.getState() != LifecycleState.STARTED) {
            close();
            throw new IllegalStateException("the web app did not start: " + context.getState());
        }
    }

    /** Redeploys the web app from its directory, as Tomcat does when a WAR is replaced: a new class loader. */
    void redeploy() {
        context.reload();
        checkStarted();
    }

    /** The deployed context. */
    Context context() {
        return context;
    }

    @Override
    public int port() {
        return port;
    }

    /** None: the web app's only session manager is Baton's. */
    public long containerSessionsCreated() {
        return 0;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
