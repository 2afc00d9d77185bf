/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The benchmark's app: {@code /setup} creates the session of the request's {@code size} ({@link SessionShape};
 * {@code 2k} without one), {@code /none} touches no session, and {@code /read}, {@code /write} and {@code /mutate} run
 * those workloads on the request's session. It counts the requests it serves in each second after {@link #mark()},
 * for the cold-start curve: in a closed loop of a fixed number of connections, the rate at which requests reach the
 * app is the rate at which they complete, give or take the requests in flight.
 */
final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The longest curve, in seconds. */
    private static final int SECONDS = 600;

    private final transient AtomicLongArray perSecond = new AtomicLongArray(SECONDS);
    private volatile long epoch = Long.MAX_VALUE;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long second = (System.nanoTime() - epoch) / 1_000_000_000L;
        if (second >= 0 && second < SECONDS) {
            perSecond.incrementAndGet((int) second);
        }
        response.setContentType("text/plain");
        String size = request.getParameter("size");
        SessionShape shape = size == null ? SessionShape.S2K : SessionShape.of(size);
        String path = request.getPathInfo();
        switch (path) {
            case "/setup" -> {
                HttpSession session = request.getSession();
                shape.setUp(of(session), "user-" + Integer.toHexString(session.getId().hashCode()));
                response.getWriter().print("ok");
            }
            case "/none" -> response.getWriter().print("ok");
            case "/read" -> response.getWriter().print(shape.read(of(request.getSession(false))));
            case "/write" -> response.getWriter().print(shape.write(of(request.getSession(false))));
            case "/mutate" -> response.getWriter().print(shape.mutate(of(request.getSession(false))));
            default -> response.sendError(404);
        }
    }

    /** Starts the count of requests per second from now. */
    void mark() {
        for (int i = 0; i < SECONDS; i++) {
            perSecond.set(i, 0);
        }
        epoch = System.nanoTime();
    }

    /**
     * The requests served in each second since {@link #mark()}, up to the current second (excluded).
     *
     * @return the counts, comma-separated
     */
    String curve() {
        long seconds = Math.min(SECONDS, (System.nanoTime() - epoch) / 1_000_000_000L);
        StringJoiner counts = new StringJoiner(",");
        for (int i = 0; i < seconds; i++) {
            counts.add(Long.toString(perSecond.get(i)));
        }
        return counts.toString();
    }

    private static Workloads.Session of(HttpSession session) {
        return Workloads.session(session::getAttribute, session::setAttribute);
    }
}
