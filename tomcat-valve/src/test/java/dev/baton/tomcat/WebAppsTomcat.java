/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Node;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/** One embedded Tomcat on a free port with several web apps, each on a manager of its own over the shared Redis. */
final class WebAppsTomcat {

    private WebAppsTomcat() {
    }

    /**
     * Starts the Tomcat, added to {@code servers} for the test to stop.
     *
     * @param servers the test's Tomcats
     * @param webApps each web app's context path and its one servlet, mapped to {@code /*}
     * @param crossContext whether the web apps may dispatch into each other
     * @param keys the managers' settings besides the store
     * @return the Tomcat as a node of the scenarios
     */
    static Node start(List<Tomcat> servers, Map<String, HttpServlet> webApps, boolean crossContext,
            Map<String, String> keys) {
        try {
            Path base = Files.createTempDirectory("baton-web-apps");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.getConnector().setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            for (Map.Entry<String, HttpServlet> webApp : webApps.entrySet()) {
                String path = webApp.getKey();
                Context context = tomcat.addContext(path,
                        Files.createDirectories(base.resolve(path.substring(1))).toString());
                context.setCrossContext(crossContext);
                BatonSessionManager manager = new BatonSessionManager();
                manager.setStore(TestServices.redisUri());
                keys.forEach(manager::setProperty);
                context.setManager(manager);
                Tomcat.addServlet(context, "app", webApp.getValue());
                context.addServletMappingDecoded("/*", "app");
            }
            servers.add(tomcat);
            tomcat.start();
            int port = tomcat.getConnector().getLocalPort();
            return Node.stoppedByTheTest(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
