/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * The web app's servlet, declared in {@code web.xml}: sets, reads and invalidates, and stores instances of classes
 * that only the web app's class loader has ({@code /new?name=&class=&value=}, {@code /describe?name=}).
 */
public final class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String name = request.getParameter("name");
        String value = request.getParameter("value");
        switch (request.getPathInfo()) {
            case "/set" -> {
                request.getSession().setAttribute(name, value);
                response.getWriter().print("set");
            }
            case "/get" -> {
                HttpSession session = request.getSession(false);
                response.getWriter().print(session == null ? "no session" : session.getAttribute(name));
            }
            case "/names" -> response.getWriter().print(
                    java.util.Collections.list(request.getSession().getAttributeNames()));
            case "/invalidate" -> {
                request.getSession().invalidate();
                response.getWriter().print("invalidated");
            }
            case "/new" -> {
                request.getSession().setAttribute(name, newInstance(request.getParameter("class"), value));
                response.getWriter().print("set");
            }
            case "/describe" -> {
                Object stored = request.getSession().getAttribute(name);
                response.getWriter().print(stored == null ? "null" : stored.getClass().getName() + ":" + stored
                        + (stored.getClass().getClassLoader() == getServletContext().getClassLoader()
                                ? " (web app loader)" : " (other loader)"));
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private Object newInstance(String className, String value) {
        try {
            return Class.forName(className, true, getServletContext().getClassLoader()).getConstructor(String.class)
                    .newInstance(value);
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException e) {
            throw new IllegalArgumentException("can't make a " + className, e);
        }
    }
}
