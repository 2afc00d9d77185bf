/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import jakarta.servlet.http.HttpServletRequest;

/** The path of a request within its web app, as {@code lockUris} matches it. */
public final class AppPaths {

    private AppPaths() {
    }

    /**
     * The servlet path and the path info: decoded and normalised by the container, without the context path and
     * without path parameters ({@code ;name=value}), so that no spelling of a URI reaches a locked path unlocked.
     *
     * @param request the request, as the container mapped it
     * @return the path, starting with {@code /} unless the servlet is mapped to the context root
     */
    public static String of(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }
}
