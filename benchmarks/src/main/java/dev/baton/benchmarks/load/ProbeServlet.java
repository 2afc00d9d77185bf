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

/**
 * The benchmark's app: {@code /setup} creates the session of {@link Workloads}, {@code /none} touches no session, and
 * {@code /read}, {@code /write} and {@code /mutate} run those workloads on the request's session.
 */
final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String path = request.getPathInfo();
        switch (path) {
            case "/setup" -> {
                HttpSession session = request.getSession();
                Workloads.setUp(of(session), "user-" + Integer.toHexString(session.getId().hashCode()));
                response.getWriter().print("ok");
            }
            case "/none" -> response.getWriter().print("ok");
            case "/read" -> response.getWriter().print(Workloads.read(of(request.getSession(false))));
            case "/write" -> response.getWriter().print(Workloads.write(of(request.getSession(false))));
            case "/mutate" -> response.getWriter().print(Workloads.mutate(of(request.getSession(false))));
            default -> response.sendError(404);
        }
    }

    private static Workloads.Session of(HttpSession session) {
        return Workloads.session(session::getAttribute, session::setAttribute);
    }
}
