/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import jakarta.servlet.SessionTrackingMode;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session IDs in URLs under the Tomcat manager (issue 18, bug 14): off unless the web app asks for URL tracking
 * (OWASP), so that a link carrying {@code ;jsessionid=} can't plant a session in a victim's browser.
 */
class ManagerUrlSessionIdIT {

    private final ManagerNodes nodes = new ManagerNodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    private Node node(Consumer<Context> setup) {
        return nodes.start(new CookieProbe(), Map.of(), setup);
    }

    @Test
    void requestWhenSessionIdInUrlAndAppDidNotAskForUrlTrackingThenIdIsIgnoredAndNeverWritten() {
        Node node = node(context -> { });
        String attackersId = new Browser().get(node, "/create?owner=attacker").body().split(" ")[0];

        Browser victim = new Browser();
        String planted = victim.get(node, "/owner;jsessionid=" + attackersId).body();
        String created = victim.get(node, "/create?owner=victim").body();

        assertThat(planted).as("a session ID in the URL is not read").isEqualTo("none");
        assertThat(created).as("encodeURL adds no session ID").endsWith(" /next");
    }

    @Test
    void requestWhenAppAsksForUrlTrackingThenIdInUrlWorks() {
        // The app lists the container's own default (COOKIE and URL): it still asked.
        Node node = node(context -> context.addServletContainerInitializer((classes, servletContext) ->
                servletContext.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE,
                        SessionTrackingMode.URL)), null));
        String id = new Browser().get(node, "/create?owner=user").body().split(" ")[0];

        assertThat(new Browser().get(node, "/owner;jsessionid=" + id).body()).isEqualTo("user");
    }
}
