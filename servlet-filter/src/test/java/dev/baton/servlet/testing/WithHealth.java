/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import dev.baton.servlet.common.BatonHealthServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An app whose {@code /health} is {@link BatonHealthServlet}, as one {@code web.xml} mapping would put it, and whose
 * other paths are another servlet's: the test nodes map one servlet to {@code /*}.
 */
public final class WithHealth extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final BatonHealthServlet health = new BatonHealthServlet();
    private final HttpServlet app;

    /** @param app serves every path but {@code /health} */
    public WithHealth(HttpServlet app) {
        this.app = app;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        health.init(config);
        app.init(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo();
        if ("/health".equals(path)) {
            health.service(request, response);
        } else {
            app.service(request, response);
        }
    }
}
