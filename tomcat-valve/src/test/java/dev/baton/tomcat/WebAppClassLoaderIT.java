/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values of classes that only the web app has (in its {@code WEB-INF/classes}, not on Tomcat's or the test's class
 * path) are decoded with the web app's class loader on any node; a redeploy that removes the class drops just that
 * attribute, with a warning, and keeps the rest of the session.
 */
class WebAppClassLoaderIT {

    private static final String BASKET = """
            package shop;

            public class Basket implements java.io.Serializable {
                private String items;

                public Basket() {
                }

                public Basket(String items) {
                    this.items = items;
                }

                @Override
                public String toString() {
                    return items;
                }
            }
            """;

    /** Baton's log lines (SLF4J is bound to java.util.logging here, as in Tomcat). */
    private static final Logger BATON_LOG = Logger.getLogger("dev.baton");

    private final List<WebAppNode> nodes = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        BATON_LOG.addHandler(capture);
    }

    @AfterEach
    void stop() {
        BATON_LOG.removeHandler(capture);
        nodes.forEach(WebAppNode::close);
    }

    private WebAppNode deploy(Path webApp) {
        WebAppNode node = WebAppNode.deploy(webApp);
        nodes.add(node);
        return node;
    }

    @Test
    void attributeWhenItsClassIsOnlyInTheWebAppThenOtherNodeDecodesItAndRedeployWithoutItDropsJustIt()
            throws Exception {
        Map<String, String> manager = Map.of("store", TestServices.redisUri(), "keyPrefix",
                "baton-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ":");
        Path firstApp = WebAppNode.webApp("A", manager);
        Path secondApp = WebAppNode.webApp("B", manager);
        WebAppNode.compileInto(firstApp, "shop.Basket", BASKET);
        WebAppNode.compileInto(secondApp, "shop.Basket", BASKET);
        WebAppNode first = deploy(firstApp);
        WebAppNode second = deploy(secondApp);
        assertThatThrownBy(() -> Class.forName("shop.Basket")).isInstanceOf(ClassNotFoundException.class);
        Browser browser = new Browser();

        browser.get(first, "/new?name=basket&class=shop.Basket&value=apples");
        browser.get(first, "/set?name=note&value=kept");
        assertThat(browser.get(second, "/describe?name=basket").body())
                .isEqualTo("shop.Basket:apples (web app loader)");
        assertThat(warnings).isEmpty();

        ClassLoader before = second.context().getLoader().getClassLoader();
        Files.delete(secondApp.resolve("WEB-INF/classes/shop/Basket.class"));
        second.redeploy();
        assertThat(second.context().getLoader().getClassLoader()).isNotSameAs(before);

        assertThat(browser.get(second, "/describe?name=basket").body()).isEqualTo("null");
        assertThat(warnings).singleElement().asString().contains("'basket'").contains("dropped")
                .doesNotContain(browser.cookies().get("JSESSIONID"));
        assertThat(browser.get(second, "/get?name=note").body()).isEqualTo("kept");
        assertThat(browser.get(first, "/get?name=note").body()).isEqualTo("kept");
    }
}
