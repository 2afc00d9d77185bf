/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The app of the lock scenarios: {@code /create}, {@code /incr} (read, add one, write back: the lost-update shape),
 * {@code /get}, {@code /set}, {@code /fail} (sets an attribute, then throws), {@code /hold}, which loads the
 * session, then waits until the test releases it before it writes, and {@code /hold-then-invalidate}, which waits
 * likewise before it invalidates the session.
 */
public final class LockProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient CountDownLatch holding = new CountDownLatch(1);
    private final transient CountDownLatch release = new CountDownLatch(1);

    /** Waits until a {@code /hold} request has loaded its session. @throws InterruptedException when interrupted */
    public void awaitHolding() throws InterruptedException {
        if (!holding.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no /hold request arrived");
        }
    }

    /** Lets the {@code /hold} requests finish. */
    public void release() {
        release.countDown();
    }

    /** Loads the session (taking its lock), then waits until the test releases the {@code /hold} requests. */
    private HttpSession hold(HttpServletRequest request) throws IOException {
        HttpSession session = request.getSession(false);
        holding.countDown();
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released /hold");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return session;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        switch (request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo())) {
            case "/create" -> {
                request.getSession().setAttribute("created", Boolean.TRUE);
                response.getWriter().print("created");
            }
            case "/incr" -> {
                HttpSession session = request.getSession(false);
                Integer count = (Integer) session.getAttribute(name);
                session.setAttribute(name, count == null ? 1 : count + 1);
                response.getWriter().print(session.getAttribute(name));
            }
            case "/get", "/unlocked/get" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "no session" : session.getAttribute(name));
            }
            case "/set" -> {
                request.getSession(false).setAttribute(name, request.getParameter("value"));
                response.getWriter().print("set");
            }
            case "/fail" -> {
                request.getSession(false).setAttribute(name, "before the failure");
                throw new IllegalStateException("the app failed");
            }
            case "/hold" -> {
                HttpSession session = hold(request);
                session.setAttribute("held", "yes");
                response.getWriter().print("held");
            }
            case "/hold-then-invalidate" -> {
                hold(request).invalidate();
                response.getWriter().print("invalidated");
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
