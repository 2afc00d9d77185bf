/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code web.xml} snippet, word for word (with the test's Redis in place of the example), as the whole
 * {@code web.xml} of a web app on two embedded Tomcats: a session written on one node is read and changed on the
 * other.
 */
class ReadmeWebXmlIT {

    private final Tomcat[] nodes = new Tomcat[2];

    @AfterEach
    void stop() throws LifecycleException {
        for (Tomcat node : nodes) {
            if (node != null) {
                node.stop();
                node.destroy();
            }
        }
    }

    @Test
    void webXmlWhenItIsTheReadmeSnippetThenASessionWrittenOnOneNodeIsReadOnTheOther() throws Exception {
        // Given
        String webXml = ReadmeSnippet.withStore("web-xml-filter", TestServices.redisUri());
        Path runDir = Files.createDirectories(Path.of("target", "readme-web-xml", UUID.randomUUID().toString()))
                .toAbsolutePath();
        Path webapp = Files.createDirectories(runDir.resolve("webapp/WEB-INF"));
        Files.writeString(webapp.resolve("web.xml"), webXml);
        int[] ports = new int[2];
        for (int i = 0; i < 2; i++) {
            nodes[i] = start(runDir.resolve("tomcat-" + i), webapp.getParent());
            ports[i] = nodes[i].getConnector().getLocalPort();
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // When
        HttpResponse<String> first = client.send(get(ports[0], null), HttpResponse.BodyHandlers.ofString());
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> second = client.send(get(ports[1], cookie), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> third = client.send(get(ports[0], cookie), HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(cookie).startsWith("SESSION=");
        assertThat(first.body()).isEqualTo("visits=1");
        assertThat(second.body()).isEqualTo("visits=2");
        assertThat(third.body()).isEqualTo("visits=3");
    }

    private static Tomcat start(Path base, Path webapp) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", webapp.toString());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.setJarScanner(scanner);
        // The app's own servlet, beside the README's web.xml rather than in it.
        Tomcat.addServlet(context, "visits", new VisitsServlet());
        context.addServletMappingDecoded("/visits", "visits");
        tomcat.start();
        assertThat(context.getState()).isEqualTo(LifecycleState.STARTED);
        return tomcat;
    }

    private static HttpRequest get(int port, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/visits"))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }

    /** Counts a session's requests in one attribute. */
    static final class VisitsServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            Integer visits = (Integer) session.getAttribute("visits");
            int now = visits == null ? 1 : visits + 1;
            session.setAttribute("visits", now);
            response.setContentType("text/plain");
            response.getOutputStream().write(("visits=" + now).getBytes(StandardCharsets.UTF_8));
        }
    }
}
