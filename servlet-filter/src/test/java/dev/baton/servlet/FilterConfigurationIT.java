/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.StderrLog;
import dev.baton.servlet.testing.BindingProbe;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.RecordingSessionListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The filter declared as in web.xml, and its cookie, header and listener options, on one node of each container. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.baton.servlet.testing.Containers#all")
class FilterConfigurationIT {

    @Parameter
    Node.Factory container;

    private final CountDownLatch release = new CountDownLatch(1);
    private Node node;

    @AfterEach
    void stop() {
        release.countDown();
        if (node != null) {
            node.close();
        }
    }

    private Node declared(Map<String, String> initParams, int sessionTimeoutMinutes) {
        node = container.startDeclared(initParams, sessionTimeoutMinutes, new ProbeServlet(release));
        return node;
    }

    private static HttpResponse<String> send(Node node, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void initParamsWhenDeclaredByClassNameThenFilterRunsWithThem() throws Exception {
        Node app = declared(Map.of("store", "memory:", "cookieName", "JSESSIONID", "cookieSameSite", "Strict"), 30);

        HttpResponse<String> response = send(app, "/create");

        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("JSESSIONID=" + response.body()).contains("SameSite=Strict");
    }

    @Test
    void startWhenKeysAreSetThenItsLogLineNamesThemWithSecretsMasked() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        String key = Base64.getEncoder().encodeToString(secret);

        String log = StderrLog.during(() -> declared(Map.of("store", "memory:", "saveMode", "on-set-attribute",
                "encryptionKeys", "k1:" + key), 30));

        assertThat(log.lines().filter(line -> line.contains("Baton sessions for")))
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("saveMode=on-set-attribute", "encryptionKeys=k1:****", "store=\"memory:\"")
                .doesNotContain(key);
    }

    @Test
    void maxInactiveIntervalWhenNotConfiguredThenWebAppSessionConfigApplies() throws Exception {
        Browser browser = new Browser();
        declared(Map.of("store", "memory:"), 7);

        assertThat(browser.get(node, "/max-inactive").body()).isEqualTo("420");
    }

    @Test
    void maxInactiveIntervalWhenConfiguredThenItWinsOverSessionConfig() {
        Browser browser = new Browser();
        declared(Map.of("store", "memory:", "maxInactiveInterval", "90s"), 7);

        assertThat(browser.get(node, "/max-inactive").body()).isEqualTo("90");
    }

    @Test
    void sessionWhenInvalidatedThenMethodsThrowAsTomcatDoes() {
        Browser browser = new Browser();
        declared(Map.of("store", "memory:"), 30);

        assertThat(browser.get(node, "/invalidate-then-read").body())
                .isEqualTo("getAttribute: Session already invalidated");
        assertThat(browser.get(node, "/set-null?name=a").body()).isEqualTo("null []");
    }

    @Test
    void sessionIdHeaderWhenConfiguredThenIdTravelsInHeaderAndNoCookieIsSet() throws Exception {
        Node app = declared(Map.of("store", "memory:", "sessionIdHeader", "X-Auth-Token"), 30);

        HttpResponse<String> created = send(app, "/set?name=k&value=v");
        String token = created.headers().firstValue("X-Auth-Token").orElseThrow();

        assertThat(created.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(send(app, "/get?name=k", "X-Auth-Token", token).body()).isEqualTo("v");
        assertThat(send(app, "/get?name=k").body()).isEqualTo("no session");
    }

    @Test
    void cookieSecureWhenForwardedProtoHttpsAndTrustedThenSecure() throws Exception {
        Node app = declared(Map.of("store", "memory:", "trustForwardedHeaders", "true"), 30);

        assertThat(send(app, "/create", "X-Forwarded-Proto", "https").headers().firstValue("Set-Cookie")
                .orElseThrow()).containsIgnoringCase("Secure");
        assertThat(send(app, "/create").headers().firstValue("Set-Cookie").orElseThrow())
                .doesNotContainIgnoringCase("Secure");
    }

    @Test
    void cookieSecureWhenForwardedProtoIsListThenLeftMostEntryDecides() throws Exception {
        // Issue 18, item 7: chained proxies send a list; the left-most entry is what the client used.
        Node app = declared(Map.of("store", "memory:", "trustForwardedHeaders", "true"), 30);

        assertThat(send(app, "/create", "X-Forwarded-Proto", "https, http").headers().firstValue("Set-Cookie")
                .orElseThrow()).containsIgnoringCase("Secure");
        assertThat(send(app, "/create", "X-Forwarded-Proto", " HTTPS ,http").headers().firstValue("Set-Cookie")
                .orElseThrow()).containsIgnoringCase("Secure");
        assertThat(send(app, "/create", "X-Forwarded-Proto", "http, https").headers().firstValue("Set-Cookie")
                .orElseThrow()).doesNotContainIgnoringCase("Secure");
    }

    @Test
    void cookieSecureWhenForwardedProtoNotTrustedThenNotSecure() throws Exception {
        Node app = declared(Map.of("store", "memory:"), 30);

        assertThat(send(app, "/create", "X-Forwarded-Proto", "https").headers().firstValue("Set-Cookie")
                .orElseThrow()).doesNotContainIgnoringCase("Secure");
    }

    @Test
    void cookieWhenHostPrefixAndDomainOptionsSetThenAttributesFollow() throws Exception {
        Node app = declared(Map.of("store", "memory:", "cookieHostPrefix", "true"), 30);
        String hostCookie = send(app, "/create").headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(hostCookie).startsWith("__Host-SESSION=").containsIgnoringCase("Secure").contains("Path=/")
                .doesNotContainIgnoringCase("Domain");
        app.close();

        Node withDomain = declared(Map.of("store", "memory:", "cookieDomain", "shop.example"), 30);
        assertThat(send(withDomain, "/create").headers().firstValue("Set-Cookie").orElseThrow())
                .containsIgnoringCase("Domain=shop.example");
    }

    @Test
    void listenersWhenNamedInInitParamThenTheyReceiveEveryEvent() {
        RecordingSessionListener.LOG.clear();
        Browser browser = new Browser();
        declared(Map.of("store", "memory:", "listeners", RecordingSessionListener.class.getName()), 30);

        browser.get(node, "/set?name=a&value=1");
        browser.get(node, "/set?name=a&value=2");
        browser.get(node, "/remove?name=a");
        browser.get(node, "/change-id");
        browser.get(node, "/invalidate");

        assertThat(RecordingSessionListener.LOG).containsExactly("created", "added:a=1", "replaced:a=1",
                "removed:a=2", "idChanged", "destroyed");
    }

    @Test
    void bindingAndActivationListenersWhenValueStoredThenNotifiedAsTheSpecSays() {
        BindingProbe.LOG.clear();
        Browser browser = new Browser();
        declared(Map.of("store", "memory:", "allowedClasses", "dev.baton.servlet.testing."), 30);

        browser.get(node, "/bind?name=p&value=one");
        assertThat(BindingProbe.LOG).containsExactly("one:bound:p", "one:passivate");
        BindingProbe.LOG.clear();

        assertThat(browser.get(node, "/read-binding?name=p").body()).isEqualTo("probe one");
        assertThat(BindingProbe.LOG).containsExactly("one:activate", "one:passivate");
        BindingProbe.LOG.clear();

        browser.get(node, "/invalidate");
        assertThat(BindingProbe.LOG).containsExactly("one:activate", "one:unbound:p");
    }

    @Test
    void builderWhenListenerGivenByApiThenItReceivesEvents() {
        RecordingSessionListener listener = new RecordingSessionListener();
        RecordingSessionListener.LOG.clear();
        BatonSessionFilter filter = BatonSessionFilter.builder(BatonConfig.builder().store("memory:").build())
                .store(new InMemorySessionStore(Clock.systemUTC())).listener(listener).build();
        node = container.start(filter, new ProbeServlet(release));

        new Browser().get(node, "/set?name=a&value=1");

        assertThat(RecordingSessionListener.LOG).containsExactly("created", "added:a=1");
    }

    @Test
    void initWhenContainerManagesSessionsThenFilterStepsAside() {
        BatonSessionFilter baton = BatonSessionFilter.builder(BatonConfig.builder().store("memory:").build())
                .store(new InMemorySessionStore(Clock.systemUTC())).build();
        node = container.start(new ContainerManagedMarker(baton), new ProbeServlet(release));

        HttpResponse<String> response = new Browser().get(node, "/create");

        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("JSESSIONID=");
    }

    /** Marks the web app as one whose container replicates sessions, as the Tomcat manager does, then starts Baton. */
    private record ContainerManagedMarker(BatonSessionFilter baton) implements Filter {

        @Override
        public void init(FilterConfig filterConfig) throws ServletException {
            filterConfig.getServletContext().setAttribute(BatonSessionFilter.CONTAINER_MANAGED_ATTRIBUTE, Boolean.TRUE);
            baton.init(filterConfig);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            baton.doFilter(request, response, chain);
        }

        @Override
        public void destroy() {
            baton.destroy();
        }
    }
}
