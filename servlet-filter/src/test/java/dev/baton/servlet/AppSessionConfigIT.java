/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.AppSessionListener;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.JettyNodes;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.RecordingSessionListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web app's own session configuration is the filter's default (issue 25): the session listeners it registers
 * with its container, and its session cookie configuration; a Baton key overrides only what it names.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.baton.servlet.testing.Containers#all")
class AppSessionConfigIT {

    @Parameter
    Node.Factory container;

    private final CountDownLatch release = new CountDownLatch(1);
    private Node node;

    @BeforeEach
    void clearLogs() {
        AppSessionListener.LOG.clear();
        RecordingSessionListener.LOG.clear();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (node != null) {
            node.close();
        }
    }

    private Node app(Map<String, String> initParams, List<Class<? extends EventListener>> declared,
            Consumer<ServletContext> initializer) {
        node = container.startApp(initParams, new ProbeServlet(release), declared, initializer);
        return node;
    }

    private void everyEvent(Browser browser) {
        browser.get(node, "/set?name=a&value=1");
        browser.get(node, "/set?name=a&value=2");
        browser.get(node, "/remove?name=a");
        browser.get(node, "/change-id");
        browser.get(node, "/invalidate");
    }

    @Test
    void listenersWhenDeclaredByTheAppThenTheContainersInstancesReceiveEachEventOnce() {
        app(Map.of("store", "memory:"), List.of(AppSessionListener.class), context -> { });

        everyEvent(new Browser());

        assertThat(AppSessionListener.LOG).containsExactly("created", "added:a=1", "replaced:a=1", "removed:a=2",
                "idChanged:true", "destroyed");
        assertThat(node.containerSessionsCreated()).isZero();
    }

    @Test
    void listenersWhenAddedByServletContextAddListenerThenTheyReceiveEvents() {
        app(Map.of("store", "memory:"), List.of(), context -> {
            context.addListener(RecordingSessionListener.class);
            context.addListener(new HttpSessionListener() {
                @Override
                public void sessionCreated(HttpSessionEvent event) {
                    RecordingSessionListener.LOG.add("instance:created");
                }
            });
        });

        new Browser().get(node, "/set?name=a&value=1");

        assertThat(RecordingSessionListener.LOG).containsExactlyInAnyOrder("created", "instance:created",
                "added:a=1");
    }

    @Test
    void listenersWhenAlsoNamedInInitParamThenCalledOnce() {
        app(Map.of("store", "memory:", "listeners", AppSessionListener.class.getName() + ","
                + RecordingSessionListener.class.getName()), List.of(AppSessionListener.class), context -> { });

        new Browser().get(node, "/set?name=a&value=1");

        assertThat(AppSessionListener.LOG).containsExactly("created", "added:a=1");
        assertThat(RecordingSessionListener.LOG).containsExactly("created", "added:a=1");
    }

    @Test
    void sessionIdListenerWhenChangeSessionIdThenNotifiedWithTheOldId() {
        app(Map.of("store", "memory:"), List.of(AppSessionListener.class), context -> { });
        Browser browser = new Browser();
        browser.get(node, "/create");
        AppSessionListener.LOG.clear();

        browser.get(node, "/change-id");

        assertThat(AppSessionListener.LOG).containsExactly("idChanged:true");
    }

    @Test
    void cookieWhenAppConfiguresSessionCookieThenItsSettingsAreTheDefaults() {
        app(Map.of("store", "memory:"), List.of(), context -> {
            SessionCookieConfig cookie = context.getSessionCookieConfig();
            cookie.setName("APPSESSION");
            cookie.setPath("/shop");
            cookie.setDomain("shop.example");
            cookie.setSecure(true);
            cookie.setMaxAge(600);
            cookie.setAttribute("Partitioned", "");
            cookie.setAttribute("a1", "b2");
            cookie.setAttribute("SameSite", "Strict");
        });

        String setCookie = new Browser().get(node, "/create").headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(setCookie).startsWith("APPSESSION=").contains("Path=/shop").containsIgnoringCase(
                "Domain=shop.example").containsIgnoringCase("Secure").containsIgnoringCase("Max-Age=600")
                .contains("a1=b2").containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly");
    }

    @Test
    void cookieWhenAppTurnsHttpOnlyOffThenOffWhereTheContainerTellsItFromItsDefault() {
        app(Map.of("store", "memory:"), List.of(), context -> context.getSessionCookieConfig().setHttpOnly(false));

        String setCookie = new Browser().get(node, "/create").headers().firstValue("Set-Cookie").orElseThrow();

        // Jetty 12 lists HttpOnly=false among the attributes of an untouched SessionCookieConfig too: there the
        // cookie stays HttpOnly rather than lose it for every app (docs/tck.md).
        if (container instanceof JettyNodes) {
            assertThat(setCookie).containsIgnoringCase("HttpOnly");
        } else {
            assertThat(setCookie).doesNotContainIgnoringCase("HttpOnly");
        }
    }

    @Test
    void cookieWhenBatonKeysSetThenTheyOverrideOnlyWhatTheyName() {
        app(Map.of("store", "memory:", "cookieName", "BATON", "cookieSecure", "false", "cookieSameSite", "Lax"),
                List.of(), context -> {
                    SessionCookieConfig cookie = context.getSessionCookieConfig();
                    cookie.setName("APPSESSION");
                    cookie.setPath("/shop");
                    cookie.setSecure(true);
                    cookie.setAttribute("SameSite", "Strict");
                });

        String setCookie = new Browser().get(node, "/create").headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(setCookie).startsWith("BATON=").contains("Path=/shop").doesNotContainIgnoringCase("Secure")
                .containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void cookieWhenAppConfiguresNothingThenBatonDefaults() {
        app(Map.of("store", "memory:"), List.of(), context -> { });

        String setCookie = new Browser().get(node, "/create").headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(setCookie).startsWith("SESSION=").contains("Path=/").containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("HttpOnly").doesNotContainIgnoringCase("Max-Age")
                .doesNotContainIgnoringCase("Secure");
    }
}
