/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import static org.awaitility.Awaitility.await;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app that does what Spring's request completion does (issue 19): {@code /count?seq=N} increments a session-scoped
 * bean in place, records the note it found and sets a new one, and answers; then, after the response is complete and
 * once the client holds the next request's response (so that every late change meets a newer value: the worst case,
 * every time), it sets again each session attribute the request used, as {@code ServletRequestAttributes
 * .updateAccessedSessionAttributes()} does (the bean, unchanged since the save), and makes one real late change (the
 * note). {@code /read} answers the count and the note. One instance serves every node of a test, and {@link #drive}
 * is its client.
 */
public final class LateResettingApp extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** A session-scoped bean: mutable, changed in place, set again at request completion. */
    public static final class Counter implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The count. */
        public int value;
    }

    private final transient Map<Integer, CountDownLatch> responsesReceived = new ConcurrentHashMap<>();
    private final transient AtomicInteger lateHooksDone = new AtomicInteger();
    /** Set when a response did not reach the client before the app went on: the drive fails, without more waits. */
    private final transient AtomicBoolean timedOut = new AtomicBoolean();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        if (request.getRequestURI().endsWith("/read")) {
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
            if (!timedOut.get() && !latch(seq + 1).await(10, TimeUnit.SECONDS)) {
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

    private CountDownLatch latch(int seq) {
        return responsesReceived.computeIfAbsent(seq, k -> new CountDownLatch(1));
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain");
        response.setContentLength(bytes.length);
        ServletOutputStream out = response.getOutputStream();
        out.write(bytes);
        out.close();
    }

    /**
     * Sends {@code /count} requests one after another, alternating between the nodes, and waits until every request's
     * late changes were made.
     *
     * @param browser the client
     * @param nodes the nodes, in turn
     * @param path the web app's path before {@code /count}, {@code ""} for the root
     * @param requests how many
     * @return each answer: status, the count it saw, the note it found
     * @throws IllegalStateException when a response reached the client only after its request had ended
     */
    public List<String> drive(Browser browser, List<Node> nodes, String path, int requests) {
        List<String> answers = new ArrayList<>();
        for (int seq = 0; seq < requests; seq++) {
            HttpResponse<String> response = browser.get(nodes.get(seq % nodes.size()), path + "/count?seq=" + seq);
            answers.add(response.statusCode() + " " + response.body());
            latch(seq).countDown();
        }
        latch(requests).countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> lateHooksDone.get() == requests);
        if (timedOut.get()) {
            throw new IllegalStateException("a response reached the client only after its request had ended");
        }
        return answers;
    }

    /**
     * What {@link #drive} answers when nothing was lost and no late change overwrote a newer value: each request
     * sees the count one higher and the note that the request before it set before its response.
     *
     * @param requests how many
     * @return the answers
     */
    public static List<String> expectedAnswers(int requests) {
        List<String> expected = new ArrayList<>();
        for (int seq = 0; seq < requests; seq++) {
            expected.add("200 " + (seq + 1) + " " + (seq == 0 ? "null" : "early-" + (seq - 1)));
        }
        return expected;
    }
}
