/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * A web app for the session cookie and session ID tests. Every response adds an app cookie {@code pref=1}.
 * {@code /create?owner=x} makes a session holding {@code owner} and prints its ID and {@code encodeURL("/next")};
 * {@code /id} prints the session's ID and {@code /owner} its owner, or {@code none} without a session.
 */
final class CookieProbe extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.addCookie(new Cookie("pref", "1"));
        response.setContentType("text/plain");
        if (request.getPathInfo().equals("/create")) {
            HttpSession session = request.getSession();
            session.setAttribute("owner", request.getParameter("owner"));
            response.getWriter().print(session.getId() + " " + response.encodeURL("/next"));
            return;
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            response.getWriter().print("none");
        } else {
            response.getWriter().print(request.getPathInfo().equals("/owner") ? session.getAttribute("owner")
                    : session.getId());
        }
    }
}
