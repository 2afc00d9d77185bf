/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cookie keys under the Tomcat manager (issue 18, bug 3; issue 19): each shapes Tomcat's session cookie as it
 * shapes the filter's, touches no other cookie of the app, and leaves the app's own settings alone when unset; a key
 * that Tomcat can't honour stops the web app at start, saying why.
 */
class ManagerCookieKeysIT {

    private final ManagerNodes nodes = new ManagerNodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    private Node node(Map<String, String> keys, Consumer<Context> setup) {
        return nodes.start(new CookieProbe(), keys, setup);
    }

    private static HttpResponse<String> get(Node node, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no Set-Cookie " + name + " in "
                        + response.headers().allValues("Set-Cookie")));
    }

    @Test
    void sessionCookieWhenCookieKeysSetThenTheyShapeTheSessionCookieAndNoOtherCookie() throws Exception {
        Node node = node(Map.of("cookieSameSite", "Strict", "cookieSecure", "true", "cookieDomain", "shop.test"),
                context -> { });

        HttpResponse<String> created = get(node, "/create", null);

        String session = setCookie(created, "JSESSIONID");
        assertThat(session).contains("; SameSite=Strict").contains("; Secure").contains("; Domain=shop.test")
                .contains("; HttpOnly");
        assertThat(setCookie(created, "pref")).as("the app's own cookie").doesNotContain("SameSite")
                .doesNotContain("Secure").doesNotContain("Domain");
    }

    @Test
    void sessionCookieWhenCookieHostPrefixThenHostPrefixedSecureRootPathWithoutDomainAndItIsRead() throws Exception {
        Node node = node(Map.of("cookieHostPrefix", "true"), context -> { });

        HttpResponse<String> created = get(node, "/create", null);

        String session = setCookie(created, "__Host-JSESSIONID");
        assertThat(session).contains("; Secure").contains("; Path=/").doesNotContain("Domain");
        String id = session.split(";")[0].split("=", 2)[1];
        assertThat(get(node, "/id", "__Host-JSESSIONID=" + id).body()).isEqualTo(id);
        assertThat(get(node, "/id", "JSESSIONID=" + id).body()).as("the unprefixed name is not read").isEqualTo("none");
    }

    @Test
    void sessionCookieWhenCookieSameSiteUnsetThenTheAppsCookieProcessorDecides() throws Exception {
        // Issue 19: a web app whose context.xml sets sameSiteCookies="strict" kept getting SameSite=Lax.
        Node node = node(Map.of(), context -> {
            Rfc6265CookieProcessor cookies = new Rfc6265CookieProcessor();
            cookies.setSameSiteCookies("strict");
            context.setCookieProcessor(cookies);
        });

        HttpResponse<String> created = get(node, "/create", null);

        assertThat(setCookie(created, "JSESSIONID")).contains("; SameSite=Strict").doesNotContain("Lax");
        assertThat(setCookie(created, "pref")).contains("; SameSite=Strict");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "sessionIdHeader|X-Auth-Token|sessionIdHeader=X-Auth-Token (Manager attribute): not supported by the Tomcat "
                + "manager",
        "trustForwardedHeaders|true|trustForwardedHeaders=true (Manager attribute): not supported by the Tomcat "
                + "manager",
        "cookieSecure|false|cookieSecure=false (Manager attribute): not supported by the Tomcat manager",
        "listeners|shop.Audit|listeners=shop.Audit (Manager attribute): not supported by the Tomcat manager"})
    void startWhenKeyTomcatCannotHonourThenWebAppDoesNotStartAndSaysWhy(String key, String value, String message) {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    failures.add(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger catalina = Logger.getLogger("org.apache.catalina");
        catalina.addHandler(capture);
        Context[] started = {null};
        try {
            node(Map.of(key, value), context -> started[0] = context);
        } catch (RuntimeException e) {
            failures.add(e);
        } finally {
            catalina.removeHandler(capture);
        }

        assertThat(started[0].getState()).isNotEqualTo(LifecycleState.STARTED);
        assertThat(failures).anySatisfy(failure -> assertThat(messages(failure)).contains(message));
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
