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
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A small app that does one thing with its session per path, and prints what it saw. */
public final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Lets a test hold a request after it flushed its response. */
    private final transient CountDownLatch release;

    /** @param release the latch {@code /login-flush} and {@code /commit} wait on after committing */
    public ProbeServlet(CountDownLatch release) {
        this.release = release;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo();
        String name = request.getParameter("name");
        String value = request.getParameter("value");
        switch (path) {
            case "/noop" -> response.getWriter().print("ok");
            case "/create" -> response.getWriter().print(request.getSession().getId());
            case "/state" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "none" : "session new=" + session.isNew());
            }
            case "/login" -> {
                request.getSession().setAttribute("user", request.getParameter("user"));
                response.sendRedirect("/whoami");
            }
            case "/login-flush" -> {
                request.getSession().setAttribute("user", request.getParameter("user"));
                PrintWriter writer = response.getWriter();
                writer.print("logged in, still working\n");
                response.flushBuffer();
                await();
                writer.print("done\n");
            }
            case "/whoami" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "anonymous" : String.valueOf(session.getAttribute("user")));
            }
            case "/set" -> {
                request.getSession().setAttribute(name, value);
                response.getWriter().print("set");
            }
            case "/get" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "no session" : String.valueOf(session.getAttribute(name)));
            }
            case "/remove" -> {
                request.getSession().removeAttribute(name);
                response.getWriter().print("removed");
            }
            case "/cart/add" -> {
                HttpSession session = request.getSession();
                List<String> cart = (List<String>) session.getAttribute("cart");
                if (cart == null) {
                    cart = new ArrayList<>();
                    session.setAttribute("cart", cart);
                }
                cart.add(request.getParameter("item"));
                response.getWriter().print(cart);
            }
            case "/cart" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "no session" : String.valueOf(session.getAttribute("cart")));
            }
            case "/incr" -> {
                HttpSession session = request.getSession();
                Integer count = (Integer) session.getAttribute(name);
                session.setAttribute(name, count == null ? 1 : count + 1);
                response.getWriter().print(session.getAttribute(name));
            }
            case "/invalidate" -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.getWriter().print("invalidated");
            }
            case "/change-id" -> response.getWriter().print(request.changeSessionId());
            case "/expire-soon" -> {
                request.getSession().setMaxInactiveInterval(1);
                response.getWriter().print("expires in 1s");
            }
            case "/requested" -> response.getWriter().print(request.getRequestedSessionId() + " valid="
                    + request.isRequestedSessionIdValid() + " fromCookie=" + request.isRequestedSessionIdFromCookie()
                    + " fromURL=" + request.isRequestedSessionIdFromURL());
            case "/encode" -> response.getWriter().print(response.encodeURL("/next"));
            case "/async-set" -> {
                var async = request.startAsync();
                async.start(() -> {
                    HttpServletRequest asyncRequest = (HttpServletRequest) async.getRequest();
                    asyncRequest.getSession().setAttribute(name, value);
                    try {
                        async.getResponse().getWriter().print("async set");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
            }
            case "/async-thread-set" -> {
                request.startAsync();
                Thread worker = new Thread(() -> {
                    request.getSession().setAttribute(name, value);
                    try {
                        response.getWriter().print("async set");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    request.getAsyncContext().complete();
                }, "probe-async");
                worker.start();
            }
            case "/async-dispatch" -> {
                var async = request.startAsync();
                async.start(() -> {
                    ((HttpServletRequest) async.getRequest()).getSession().setAttribute(name, value);
                    async.dispatch("/async-dispatched");
                });
            }
            case "/async-dispatched" -> response.getWriter().print("dispatched");
            case "/commit" -> commitThenWait(request, response, request.getParameter("how"), name, value);
            case "/never-expire" -> {
                HttpSession session = request.getSession();
                session.setMaxInactiveInterval(Integer.parseInt(request.getParameter("seconds")));
                response.getWriter().print(session.getMaxInactiveInterval());
            }
            case "/times" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "no session"
                        : session.getCreationTime() + " " + session.getLastAccessedTime());
            }
            case "/is-new" -> response.getWriter().print(request.getSession().isNew());
            case "/max-inactive" -> response.getWriter().print(request.getSession().getMaxInactiveInterval());
            case "/invalidate-then-read" -> {
                HttpSession session = request.getSession();
                session.setAttribute("user", "x");
                session.invalidate();
                try {
                    session.getAttribute("user");
                    response.getWriter().print("no exception");
                } catch (IllegalStateException e) {
                    response.getWriter().print(e.getMessage());
                }
            }
            case "/set-null" -> {
                HttpSession session = request.getSession();
                session.setAttribute(name, "v");
                session.setAttribute(name, null);
                response.getWriter().print(session.getAttribute(name) + " " + java.util.Collections.list(
                        session.getAttributeNames()));
            }
            case "/bind" -> {
                request.getSession().setAttribute(name, new BindingProbe(value));
                response.getWriter().print("bound");
            }
            case "/read-binding" -> {
                Object probe = request.getSession().getAttribute(name);
                response.getWriter().print(String.valueOf(probe));
            }
            default -> response.sendError(404);
        }
    }

    /**
     * Sets an attribute, commits the response the way {@code how} names, then holds the request until the test
     * releases it, except for {@code error} and {@code length}, after which a container need not send anything
     * before the request returns (Tomcat doesn't), though the response counts as committed.
     */
    private void commitThenWait(HttpServletRequest request, HttpServletResponse response, String how, String name,
            String value) throws IOException {
        request.getSession().setAttribute(name, value);
        switch (how) {
            case "error" -> response.sendError(HttpServletResponse.SC_CONFLICT);
            case "length" -> {
                byte[] body = "committed".getBytes(StandardCharsets.UTF_8);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
            case "close" -> {
                PrintWriter writer = response.getWriter();
                writer.print("committed");
                writer.close();
                await();
            }
            case "overflow" -> {
                response.getWriter().print("x".repeat(4 * response.getBufferSize()));
                await();
            }
            default -> throw new IllegalArgumentException("how=" + how + ": not error, length, close or overflow");
        }
    }

    private void await() {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
