/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session listeners a deployed web app declares in each of the three ways the Servlet spec allows (a
 * {@code <listener>} in {@code web.xml}, {@code @WebListener} found by annotation scanning, and
 * {@code ServletContext.addListener} from a {@code ServletContainerInitializer}), on two nodes sharing one Redis.
 */
class WebAppListenersIT {

    private final List<WebAppNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(WebAppNode::close);
    }

    private WebAppNode node(String name, String keyPrefix) {
        WebAppNode node = WebAppNode.deploy(WebAppNode.webApp(name,
                Map.of("store", TestServices.redisUri(), "keyPrefix", keyPrefix)));
        nodes.add(node);
        return node;
    }

    private static List<String> eventsOf(String declaredBy) {
        return WebAppEvents.LOG.stream().filter(event -> event.split(" ")[1].equals(declaredBy))
                .map(event -> event.replace(" " + declaredBy + " ", " ")).toList();
    }

    @Test
    void listenersWhenDeclaredInWebXmlByAnnotationAndByInitializerThenEachGetsEveryEventOnceClusterWide() {
        String keyPrefix = "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ":";
        WebAppNode first = node("A", keyPrefix);
        WebAppNode second = node("B", keyPrefix);
        WebAppEvents.LOG.clear();
        Browser browser = new Browser();

        browser.get(first, "/set?name=a&value=1");
        browser.get(second, "/set?name=b&value=2");
        browser.get(second, "/set?name=a&value=3");
        assertThat(browser.get(first, "/invalidate").body()).isEqualTo("invalidated");

        for (String declaredBy : List.of("web.xml", "@WebListener", "addListener")) {
            assertThat(eventsOf(declaredBy)).as(declaredBy).containsExactly("A created", "A added:a", "B added:b",
                    "B replaced:a", "A destroyed", "A removed:a", "A removed:b");
        }
        assertThat(browser.get(second, "/get?name=a").body()).isEqualTo("no session");
    }
}
