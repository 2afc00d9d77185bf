package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.CountingSessionListener;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The non-sticky scenarios every container and store combination must pass: two nodes, one store, and a client that
 * never goes back to the same node twice in a row. Subclasses pick the container and the store.
 */
public abstract class TwoNodeScenarios {

    /** Starts the container's nodes. */
    protected abstract Node.Factory container();

    /**
     * Opens the store one node uses; nodes of one test share the data (the same instance for {@code memory:}).
     *
     * @param config the test's configuration, with a unique key prefix and table name
     * @return the store, closed by the test
     */
    protected abstract SessionStore openStore(BatonConfig config);

    /** The store URI for the configuration. */
    protected abstract String storeUri();

    protected Node first;
    protected Node second;
    protected CountingSessionStore firstStore;
    protected CountingSessionStore secondStore;
    protected final CountingSessionListener listener = new CountingSessionListener();
    protected final Browser browser = new Browser();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<SessionStore> stores = new ArrayList<>();
    protected BatonConfig config;

    @BeforeEach
    void startTwoNodes() {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        config = BatonConfig.builder().store(storeUri())
                .set("keyPrefix", "baton-test-" + unique + ":")
                .set("tableName", "baton_t_" + unique)
                .set("createSchema", "true")
                .set("reapInterval", "200ms")
                .build();
        firstStore = new CountingSessionStore(open());
        secondStore = new CountingSessionStore(open());
        first = startNode(firstStore, new ProbeServlet(release));
        second = startNode(secondStore, new ProbeServlet(release));
    }

    /**
     * Starts one node of the test's container with its store; by default the filter in front of the app.
     *
     * @param store the node's store
     * @param app the app
     * @return the started node
     */
    protected Node startNode(SessionStore store, ProbeServlet app) {
        return container().start(filter(store), app);
    }

    /** The session cookie's name. */
    protected String cookieName() {
        return "SESSION";
    }

    /** Whether invalidation tells the browser to drop its cookie (the filter does; Tomcat does not). */
    protected boolean clearsCookieOnInvalidate() {
        return true;
    }

    private SessionStore open() {
        SessionStore store = openStore(config);
        stores.add(store);
        return store;
    }

    private BatonSessionFilter filter(SessionStore store) {
        return BatonSessionFilter.builder(config).store(store).listener(listener).build();
    }

    @AfterEach
    void stopNodes() {
        release.countDown();
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        stores.forEach(SessionStore::close);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void loginWhenRedirectFollowedOnOtherNodeThenUserIsLoggedIn() {
        HttpResponse<String> login = browser.get(first, "/login?user=alice");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(browser.get(second, "/whoami").body()).isEqualTo("alice");
    }

    @Test
    void loginWhenResponseFlushedEarlyThenOtherNodeSeesLoginBeforeRequestEnds() throws Exception {
        HttpResponse<InputStream> login = browser.getHeadersOnly(first, "/login-flush?user=bob");
        try (InputStream body = login.body()) {
            assertThat(login.statusCode()).isEqualTo(200);

            assertThat(browser.get(second, "/whoami").body()).isEqualTo("bob");

            release.countDown();
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).endsWith("done\n");
        }
    }

    @Test
    void attributesWhenSetReplacedRemovedOnOneNodeThenOtherNodeSeesEachChange() {
        browser.get(first, "/set?name=color&value=red");
        assertThat(browser.get(second, "/get?name=color").body()).isEqualTo("red");

        browser.get(first, "/set?name=color&value=" + q("blue ü"));
        assertThat(browser.get(second, "/get?name=color").body()).isEqualTo("blue ü");

        browser.get(first, "/remove?name=color");
        assertThat(browser.get(second, "/get?name=color").body()).isEqualTo("null");
    }

    @Test
    void cartWhenMutatedInPlaceOnAlternatingNodesThenEveryItemIsKept() {
        for (int i = 0; i < 6; i++) {
            browser.get(i % 2 == 0 ? first : second, "/cart/add?item=item" + i);
        }

        assertThat(browser.get(first, "/cart").body()).isEqualTo("[item0, item1, item2, item3, item4, item5]");
        assertThat(browser.get(second, "/cart").body()).isEqualTo("[item0, item1, item2, item3, item4, item5]");
    }

    @Test
    void concurrentRequestsWhenEachChangesAnotherAttributeThenNothingIsLost() {
        browser.get(first, "/create");
        int rounds = 200;
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<HttpResponse<String>> a = browser.getAsync(first, "/incr?name=a");
            CompletableFuture<HttpResponse<String>> b = browser.getAsync(second, "/incr?name=b");
            assertThat(a.join().statusCode()).isEqualTo(200);
            assertThat(b.join().statusCode()).isEqualTo(200);
        }

        assertThat(browser.get(first, "/get?name=a").body()).isEqualTo(Integer.toString(rounds));
        assertThat(browser.get(second, "/get?name=b").body()).isEqualTo(Integer.toString(rounds));
    }

    @Test
    void invalidateWhenDoneOnOneNodeThenOtherNodeHasNoSessionAndOldCookieNeverRevivesIt() {
        browser.get(first, "/login?user=carol");
        String oldCookie = browser.cookies().get(cookieName());

        HttpResponse<String> invalidate = browser.get(second, "/invalidate");

        if (clearsCookieOnInvalidate()) {
            assertThat(invalidate.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(cookieName() + "=;")
                    || c.startsWith(cookieName() + "=\"\""));
        }
        assertThat(browser.get(first, "/state").body()).isEqualTo("none");
        browser.setCookie(cookieName(), oldCookie);
        assertThat(browser.get(first, "/whoami").body()).isEqualTo("anonymous");
        String fresh = browser.get(second, "/create").body();
        assertThat(fresh).isNotEqualTo(oldCookie);
        assertThat(browser.get(first, "/get?name=user").body()).isEqualTo("null");
        assertThat(listener.destroyed.get()).isEqualTo(1);
        assertThat(listener.usersAtDestruction).containsExactly("carol");
    }

    @Test
    void changeSessionIdWhenDoneOnOneNodeThenNewIdWorksOnOtherAndOldDoesNot() {
        browser.get(first, "/login?user=dave");
        String oldId = browser.cookies().get(cookieName());

        String newId = browser.get(second, "/change-id").body();

        assertThat(newId).isNotEqualTo(oldId);
        assertThat(browser.cookies().get(cookieName())).isEqualTo(newId);
        assertThat(browser.get(first, "/whoami").body()).isEqualTo("dave");
        Browser attacker = new Browser();
        attacker.setCookie(cookieName(), oldId);
        assertThat(attacker.get(second, "/whoami").body()).isEqualTo("anonymous");
    }

    @Test
    void expiryWhenIntervalIsOneSecondThenGoneOnBothNodesAndDestroyedOnce() {
        browser.get(first, "/login?user=erin");
        browser.get(second, "/expire-soon");

        await().atMost(Duration.ofSeconds(15)).until(() -> listener.destroyed.get() == 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> listener.destroyed.get() == 1);

        assertThat(listener.usersAtDestruction).containsExactly("erin");
        assertThat(browser.get(first, "/state").body()).isEqualTo("none");
        assertThat(browser.get(second, "/state").body()).isEqualTo("none");
    }

    @Test
    void requestWhenSessionNeverTouchedThenNoStoreCall() {
        browser.get(first, "/create");
        firstStore.reset();
        secondStore.reset();

        assertThat(browser.get(second, "/noop").body()).isEqualTo("ok");
        assertThat(browser.get(first, "/noop").body()).isEqualTo("ok");

        assertThat(firstStore.calls("load") + firstStore.calls("save")).isZero();
        assertThat(secondStore.calls("load") + secondStore.calls("save")).isZero();
    }

    @Test
    void requestWhenCookieMalformedThenNoStoreCallNever5xxAndNewIdWhenAsked() {
        List<String> malformed = new ArrayList<>(List.of("*", "../../etc/passwd", "%00", "é", "\u0001\u0002",
                "x".repeat(8192), "A".repeat(42), "A".repeat(44), "A".repeat(42) + "B"));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (malformed.size() < 999) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (!SessionIds.isWellFormed(text)) {
                malformed.add(text);
            }
        }
        String unknown = SessionIds.create().next();
        firstStore.reset();
        secondStore.reset();

        int index = 0;
        for (String cookie : malformed) {
            Browser client = new Browser();
            client.setCookie(cookieName(), cookie.replaceAll("[;\\r\\n,]", ""));
            Node node = index++ % 2 == 0 ? first : second;
            HttpResponse<String> response;
            try {
                response = client.get(node, "/create");
            } catch (IllegalArgumentException e) {
                continue; // the HTTP client itself refuses to send this header value
            }
            assertThat(response.statusCode()).as("status for cookie #" + index).isLessThan(500);
            if (response.statusCode() == 200) {
                assertThat(response.body()).isNotEqualTo(cookie);
                assertThat(SessionIds.isWellFormed(response.body())).isTrue();
            }
        }
        assertThat(firstStore.calls("load") + secondStore.calls("load")).isZero();

        Browser guesser = new Browser();
        guesser.setCookie(cookieName(), unknown);
        String issued = guesser.get(first, "/create").body();
        assertThat(issued).isNotEqualTo(unknown);
        assertThat(firstStore.calls("load")).isEqualTo(1);
    }

    @Test
    void cookieWhenSessionCreatedThenHttpOnlySameSiteAndContextPath() {
        HttpResponse<String> response = browser.get(first, "/create");

        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(cookieName() + "=" + response.body()).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Path=/")
                .doesNotContainIgnoringCase("Secure");
        assertThat(browser.get(second, "/encode").body()).isEqualTo("/next");
        assertThat(browser.get(second, "/requested").body())
                .isEqualTo(response.body() + " valid=true fromCookie=true fromURL=false");
    }

    @Test
    void asyncRequestWhenItSetsAnAttributeThenOtherNodeSeesIt() {
        browser.get(first, "/create");

        assertThat(browser.get(first, "/async-set?name=mode&value=async").body()).isEqualTo("async set");

        assertThat(browser.get(second, "/get?name=mode").body()).isEqualTo("async");
    }
}
