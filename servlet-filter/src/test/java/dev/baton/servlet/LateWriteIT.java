package dev.baton.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.core.testing.StderrLog;
import dev.baton.core.testing.TestServices;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Containers;
import dev.baton.servlet.testing.Node;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19: a session attribute set again after the response is complete, as Spring's
 * {@code ServletRequestAttributes.requestCompleted()} does for the session-scoped beans a request used, never overwrites
 * the newer value that the client's next request, on the other node, wrote meanwhile. Two nodes of each container, on
 * Redis and on PostgreSQL, with and without the session lock; the client alternates nodes for 200 sequential requests.
 * Each request's late re-set is held until the client has the next request's response, so that every one of them
 * meets a newer value: the worst case, every time.
 */
class LateWriteIT {

    private static final int REQUESTS = 200;

    private final List<Node> nodes = new ArrayList<>();
    private final List<SessionStore> stores = new ArrayList<>();
    private String tableToDrop;

    /** A session-scoped bean: mutable, changed in place, set again at request completion. */
    public static final class Counter implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The count. */
        public int value;
    }

    /**
     * Increments the session's counter, records the note it found and sets a new one, and answers; then, after the
     * response is complete and the client holds the next request's response, does what Spring's request completion
     * does: sets again each session attribute the request used (the counter, unchanged since the save), and makes one
     * real late change (the note).
     */
    static final class CountingApp extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Map<Integer, CountDownLatch> responsesReceived;
        private final transient AtomicInteger lateHooksDone;
        /** Set when a response did not reach the client before the app went on: the test fails, without more waits. */
        private final transient AtomicBoolean timedOut;

        CountingApp(Map<Integer, CountDownLatch> responsesReceived, AtomicInteger lateHooksDone,
                AtomicBoolean timedOut) {
            this.responsesReceived = responsesReceived;
            this.lateHooksDone = lateHooksDone;
            this.timedOut = timedOut;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(true);
            if (request.getRequestURI().equals("/read")) {
                Counter counter = (Counter) session.getAttribute("counter");
                write(response, (counter == null ? 0 : counter.value) + " " + session.getAttribute("note"));
                return;
            }
            int seq = Integer.parseInt(request.getParameter("seq"));
            Map<String, Object> accessed = new LinkedHashMap<>();
            Counter counter = (Counter) session.getAttribute("counter");
            if (counter == null) {
                counter = new Counter();
                session.setAttribute("counter", counter);
            }
            counter.value++;
            accessed.put("counter", counter);
            Object note = session.getAttribute("note");
            session.setAttribute("note", "early-" + seq);
            write(response, counter.value + " " + note);
            try {
                if (!timedOut.get() && !responsesReceived.computeIfAbsent(seq + 1, k -> new CountDownLatch(1))
                        .await(10, TimeUnit.SECONDS)) {
                    timedOut.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Spring's ServletRequestAttributes.updateAccessedSessionAttributes(), after the response was sent.
            accessed.forEach((name, value) -> {
                if (session.getAttribute(name) == value) {
                    session.setAttribute(name, value);
                }
            });
            session.setAttribute("note", "late-" + seq);
            lateHooksDone.incrementAndGet();
        }

        private static void write(HttpServletResponse response, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain");
            response.setContentLength(bytes.length);
            ServletOutputStream out = response.getOutputStream();
            out.write(bytes);
            out.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String store : List.of("redis", "postgresql")) {
            for (String lockMode : List.of("none", "session")) {
                Containers.all().forEach(container -> cases.add(Arguments.of(container, store, lockMode)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}, lockMode={2}, {0}")
    @MethodSource("cases")
    void requestsWhenAppSetsAttributesAgainAfterTheResponseThenNoIncrementIsLostAndNoNewerValueOverwritten(
            Node.Factory container, String storeKind, String lockMode) {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        BatonConfig config = BatonConfig.builder()
                .store(storeKind.equals("redis") ? TestServices.redisUri() : TestServices.postgresUrl())
                .set("keyPrefix", "baton-test-" + unique + ":")
                .set("tableName", "baton_t_" + unique)
                .set("createSchema", "true")
                .set("allowedClasses", LateWriteIT.class.getName())
                .set("lockMode", lockMode)
                .build();
        if (storeKind.equals("postgresql")) {
            tableToDrop = config.tableName();
        }
        Map<Integer, CountDownLatch> received = new ConcurrentHashMap<>();
        AtomicInteger lateHooksDone = new AtomicInteger();
        AtomicBoolean timedOut = new AtomicBoolean();
        List<BatonSessionFilter> filters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    getClass().getClassLoader());
            stores.add(store);
            BatonSessionFilter filter = BatonSessionFilter.builder(config).store(store).build();
            filters.add(filter);
            nodes.add(container.start(filter, new CountingApp(received, lateHooksDone, timedOut)));
        }
        Browser browser = new Browser();
        List<String> answers = new ArrayList<>();

        String log = StderrLog.during(() -> {
            for (int seq = 0; seq < REQUESTS; seq++) {
                HttpResponse<String> response = browser.get(nodes.get(seq % 2), "/count?seq=" + seq);
                answers.add(response.statusCode() + " " + response.body());
                received.computeIfAbsent(seq, k -> new CountDownLatch(1)).countDown();
            }
            received.computeIfAbsent(REQUESTS, k -> new CountDownLatch(1)).countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> lateHooksDone.get() == REQUESTS);
        });

        assertThat(timedOut).as("every response reached the client while its request still ran").isFalse();
        List<String> expected = new ArrayList<>();
        for (int seq = 0; seq < REQUESTS; seq++) {
            expected.add("200 " + (seq + 1) + " " + (seq == 0 ? "null" : "early-" + (seq - 1)));
        }
        assertThat(answers).containsExactlyElementsOf(expected);
        assertThat(browser.get(nodes.get(0), "/read").body()).isEqualTo(REQUESTS + " late-" + (REQUESTS - 1));
        long dropped = filters.stream().mapToLong(filter -> filter.engine().lateChangesDropped()).sum();
        assertThat(dropped).as("late notes dropped: every one but the last met a newer one").isEqualTo(REQUESTS - 1);
        assertThat(filters).allSatisfy(filter -> assertThat(filter.engine().leasesLost()).isZero());
        List<String> batonProblems = log.lines().filter(line -> line.contains("dev.baton"))
                .filter(line -> line.contains("WARN") || line.contains("ERROR")).toList();
        assertThat(log).doesNotContain("ERROR");
        assertThat(batonProblems).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).contains("attribute 'note'").contains("after the response"));
    }

    @AfterEach
    void stop() throws SQLException {
        nodes.forEach(Node::close);
        stores.forEach(SessionStore::close);
        if (tableToDrop != null) {
            try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop + "_attributes");
                statement.execute("DROP TABLE IF EXISTS " + tableToDrop);
            }
        }
    }
}
