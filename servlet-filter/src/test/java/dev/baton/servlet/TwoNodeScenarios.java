/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionChange;
import dev.baton.core.SessionIds;
import dev.baton.core.SessionStore;
import dev.baton.core.testing.CountingSessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.CountingSessionListener;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
                .set("nearCacheSize", nearCacheSize())
                .build();
        firstStore = new CountingSessionStore(open());
        secondStore = new CountingSessionStore(open());
        first = startNode(firstStore, app());
        second = startNode(secondStore, app());
    }

    private ProbeServlet app() {
        return new ProbeServlet(release);
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

    /**
     * Starts one node whose web app has the given {@code session-config} timeout; by default the filter in front of
     * the app.
     *
     * @param store the node's store
     * @param app the app
     * @param sessionTimeoutMinutes the timeout; 0 or less means sessions never expire
     * @return the started node
     */
    protected Node startNode(SessionStore store, ProbeServlet app, int sessionTimeoutMinutes) {
        return container().start(filter(store), app, sessionTimeoutMinutes);
    }

    /** The near cache's size on every node; by default none. */
    protected String nearCacheSize() {
        return "0";
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

    /** Stops the nodes and closes the stores; idempotent, so that a subclass may stop them before its own cleanup. */
    @AfterEach
    void stopNodes() {
        release.countDown();
        if (first != null) {
            first.close();
            first = null;
        }
        if (second != null) {
            second.close();
            second = null;
        }
        stores.forEach(SessionStore::close);
        stores.clear();
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
    void cookiesWhenAStaleSessionCookieComesBeforeTheLiveOneThenTheLiveSessionIsUsed() {
        browser.get(first, "/login?user=erin");
        String live = browser.cookies().get(cookieName());
        String stale = SessionIds.create().next();
        String alsoStale = SessionIds.create().next();

        // A browser sends every cookie of the name whose path and domain match: a stale one (a longer path's, a
        // parent domain's) may come first.
        assertThat(withCookies(second, "/whoami", stale, live).body()).isEqualTo("erin");
        assertThat(withCookies(first, "/whoami", live, stale).body()).isEqualTo("erin");
        assertThat(withCookies(second, "/whoami", stale, alsoStale, live).body()).isEqualTo("erin");
        HttpResponse<String> requested = withCookies(first, "/requested", stale, live);
        assertThat(requested.body()).startsWith(live + " valid=true");
        assertThat(requested.headers().allValues("Set-Cookie")).as("the client's cookies stay as they are")
                .noneMatch(cookie -> cookie.startsWith(cookieName() + "="));
        assertThat(withCookies(first, "/whoami", stale, alsoStale).body()).isEqualTo("anonymous");
    }

    /** GET with the session cookie sent once per value, in this order, in one {@code Cookie} header. */
    private HttpResponse<String> withCookies(Node node, String path, String... values) {
        StringBuilder header = new StringBuilder();
        for (String value : values) {
            header.append(header.isEmpty() ? "" : "; ").append(cookieName()).append('=').append(value);
        }
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.port() + path)).header("Cookie", header.toString()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

        assertThat(callsOfRequests(firstStore)).isZero();
        assertThat(callsOfRequests(secondStore)).isZero();
    }

    /** Calls made for requests: the background ones (the reaper, the Tomcat manager's session count) left out. */
    private static int callsOfRequests(CountingSessionStore store) {
        return store.totalCalls() - store.calls("reapExpired") - store.calls("countSessions");
    }

    @Test
    void requestWhenCookieMalformedThenNoStoreCallNever5xxAndNewIdWhenAsked() {
        List<String> printable = List.of("*", "../../etc/passwd", "%00", "A".repeat(42), "A".repeat(44),
                "A".repeat(42) + "B");
        List<byte[]> malformed = new ArrayList<>();
        printable.forEach(value -> malformed.add(value.getBytes(StandardCharsets.US_ASCII)));
        malformed.add("é".getBytes(StandardCharsets.UTF_8));
        malformed.add(new byte[] {1, 2, 0, 127});
        malformed.add("x".repeat(8192).getBytes(StandardCharsets.US_ASCII));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (malformed.size() < 1000) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            byte[] value = withoutSeparators(bytes);
            if (!SessionIds.isWellFormed(new String(value, StandardCharsets.ISO_8859_1))) {
                malformed.add(value);
            }
        }
        firstStore.reset();
        secondStore.reset();

        int sent = 0;
        List<String> issued = new ArrayList<>();
        for (byte[] cookie : malformed) {
            Node node = sent % 2 == 0 ? first : second;
            RawHttp.Response response = RawHttp.getWithCookie(node, "/create", cookieName(), cookie);
            sent++;
            assertThat(response.status()).as("status for cookie #" + sent).isLessThan(500);
            if (response.status() == 200) {
                String id = response.setCookie(cookieName()).orElseThrow();
                assertThat(SessionIds.isWellFormed(id)).as("new ID for cookie #" + sent).isTrue();
                assertThat(id.getBytes(StandardCharsets.ISO_8859_1)).isNotEqualTo(cookie);
                issued.add(id);
            }
        }

        assertThat(sent).isEqualTo(1000);
        assertThat(issued).as("a new session whenever the app asked").doesNotHaveDuplicates()
                .hasSizeGreaterThanOrEqualTo(printable.size());
        assertThat(firstStore.calls("load") + secondStore.calls("load")).isZero();
        assertThat(callsOfRequests(firstStore) + callsOfRequests(secondStore)).as("only the new sessions' saves")
                .isEqualTo(issued.size());
        assertThat(concat(firstStore.saves(), secondStore.saves())).extracting(SessionChange::id)
                .containsExactlyInAnyOrderElementsOf(issued);
    }

    @Test
    void requestWhenCookieWellFormedButUnknownThenOneLoadAndNewId() {
        String unknown = SessionIds.create().next();
        firstStore.reset();

        Browser guesser = new Browser();
        guesser.setCookie(cookieName(), unknown);
        String issued = guesser.get(first, "/create").body();

        assertThat(issued).isNotEqualTo(unknown);
        assertThat(SessionIds.isWellFormed(issued)).isTrue();
        assertThat(firstStore.calls("load")).isEqualTo(1);
    }

    /** The bytes without those that would end the cookie or the header: {@code ;}, {@code ,}, CR and LF. */
    private static byte[] withoutSeparators(byte[] bytes) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (b != ';' && b != ',' && b != '\r' && b != '\n') {
                kept.write(b);
            }
        }
        return kept.toByteArray();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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

    @Test
    void asyncRequestWhenAppThreadCreatesSessionAndCompletesThenCookieSentAndOtherNodeSeesIt() {
        assertThat(browser.get(first, "/async-thread-set?name=mode&value=thread").body()).isEqualTo("async set");

        assertThat(browser.get(second, "/get?name=mode").body()).isEqualTo("thread");
    }

    @Test
    void asyncRequestWhenDispatchedAfterCreatingSessionThenCookieSentAndOtherNodeSeesWhatItSet() {
        assertThat(browser.get(first, "/async-dispatch?name=mode&value=dispatched").body()).isEqualTo("dispatched");

        assertThat(browser.get(second, "/get?name=mode").body()).isEqualTo("dispatched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"error", "length"})
    void responseWhenCommittedBeforeRequestEndsThenCookieSentAndOtherNodeSeesAttribute(String how) {
        HttpResponse<String> committed = browser.get(first, "/commit?how=" + how + "&name=step&value=" + how);

        assertThat(committed.statusCode()).isEqualTo(how.equals("error") ? 409 : 200);
        assertThat(browser.get(second, "/get?name=step").body()).isEqualTo(how);
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "overflow"})
    void responseWhenCommittedByItsBodyThenOtherNodeSeesAttributeWhileRequestStillRuns(String how) throws Exception {
        HttpResponse<InputStream> committed = browser.getHeadersOnly(first,
                "/commit?how=" + how + "&name=step&value=" + how);
        try (InputStream body = committed.body()) {
            assertThat(committed.statusCode()).isEqualTo(200);

            assertThat(browser.get(second, "/get?name=step").body()).isEqualTo(how);

            release.countDown();
            assertThat(body.readAllBytes()).isNotEmpty();
        }
    }

    @Test
    void isNewWhenSessionCreatedThenTrueAndOnNextRequestOnOtherNodeFalse() {
        assertThat(browser.get(first, "/is-new").body()).isEqualTo("true");

        assertThat(browser.get(second, "/is-new").body()).isEqualTo("false");
        assertThat(browser.get(first, "/is-new").body()).isEqualTo("false");
    }

    @Test
    void requestsWhenSessionsUsedEveryWayThenContainerCreatesNoSessionOfItsOwn() {
        List<HttpResponse<String>> responses = List.of(browser.get(first, "/login?user=frank"),
                browser.get(second, "/whoami"), browser.get(first, "/async-set?name=a&value=b"),
                browser.get(second, "/change-id"), browser.get(first, "/commit?how=error&name=c&value=d"),
                browser.get(second, "/requested"), browser.get(first, "/invalidate"), browser.get(second, "/state"),
                browser.get(first, "/create"));

        assertThat(responses).flatMap(response -> response.headers().allValues("Set-Cookie")).isNotEmpty()
                .allSatisfy(setCookie -> assertThat(setCookie).as("the session cookie, or the near cache's token")
                        .matches(java.util.regex.Pattern.quote(cookieName()) + "(_v)?=.*"));
        assertThat(first.containerSessionsCreated() + second.containerSessionsCreated()).isZero();
    }

    @Test
    void saveWhenRequestChangesSessionThenOneSavePerRequestAndNoneForInvalidatedSession() {
        firstStore.reset();
        secondStore.reset();

        browser.get(first, "/login?user=gina");
        browser.get(second, "/set?name=a&value=1");
        browser.get(first, "/async-set?name=b&value=2");
        browser.get(second, "/login?user=hank");
        browser.get(first, "/commit?how=error&name=c&value=3");
        int firstSaves = firstStore.calls("save");
        int secondSaves = secondStore.calls("save");
        browser.get(second, "/invalidate");
        new Browser().get(first, "/invalidate-then-read");

        assertThat(firstSaves).as("saves on the first node").isEqualTo(3);
        assertThat(secondSaves).as("saves on the second node").isEqualTo(2);
        assertThat(secondStore.calls("save")).as("saves of the invalidating request").isEqualTo(secondSaves);
        assertThat(firstStore.calls("save")).as("saves of a session invalidated where it was made")
                .isEqualTo(firstSaves);
    }

    @Test
    void sessionConfigWhenTimeoutIsZeroThenSessionsNeverExpire() {
        first.close();
        second.close();
        first = startNode(firstStore, app(), 0);
        second = startNode(secondStore, app(), 0);
        firstStore.reset();

        browser.get(first, "/set?name=a&value=1");

        // Zero or less, as the container reports it: Tomcat's own sessions say -60 (it stores a 0 timeout as -1 min).
        assertThat(Integer.parseInt(browser.get(second, "/max-inactive").body())).isLessThanOrEqualTo(0);
        assertThat(firstStore.saves()).singleElement().satisfies(change -> {
            assertThat(change.maxInactive()).isLessThanOrEqualTo(Duration.ZERO);
            assertThat(change.expiresAt()).as("expiry").isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void maxInactiveIntervalWhenSetToZeroOrLessThenSameValueOnOtherNodeAndNeverExpires(int seconds) {
        browser.get(first, "/expire-soon");
        firstStore.reset();

        assertThat(browser.get(first, "/never-expire?seconds=" + seconds).body()).isEqualTo(Integer.toString(seconds));

        assertThat(browser.get(second, "/max-inactive").body()).isEqualTo(Integer.toString(seconds));
        assertThat(firstStore.saves()).singleElement().satisfies(change -> assertThat(change.expiresAt()).isNull());
    }
}
