package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.redis.testing.RedisServers;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.TomcatNodes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

/**
 * A store that is down when the web app starts (issue 18, bug 12): the web app starts anyway, requests that need
 * their session get 503 with {@code Retry-After} while it is down, and everything works once it answers, with no
 * restart.
 */
class ManagerStoreDownAtStartIT {

    @Test
    void startWhenStoreIsDownThenWebAppStartsAnswers503AndServesOnceStoreAnswers() {
        CountDownLatch release = new CountDownLatch(1);
        Context[] started = {null};
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            redis.kill();
            try (Node node = new TomcatNodes().startConfigured(new ProbeServlet(release), context -> {
                BatonSessionManager manager = new BatonSessionManager();
                manager.setProperty("store", "redis://127.0.0.1:" + redis.port);
                manager.setProperty("storeTimeout", "500ms");
                context.setManager(manager);
                started[0] = context;
            })) {
                assertThat(started[0].getState()).isEqualTo(LifecycleState.STARTED);
                Browser browser = new Browser();

                HttpResponse<String> down = browser.get(node, "/set?name=a&value=1");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).contains("1");
                assertThat(browser.get(node, "/noop").statusCode()).as("no session, no store").isEqualTo(200);

                redis.restart();

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> browser.get(node, "/set?name=a&value=1").statusCode() == 200);
                assertThat(browser.get(node, "/get?name=a").body()).isEqualTo("1");
            } finally {
                release.countDown();
            }
        }
    }
}
