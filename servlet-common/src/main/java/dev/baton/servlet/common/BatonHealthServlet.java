/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import dev.baton.core.SessionEngine;
import dev.baton.core.StoreHealth;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A readiness check of the session store for load balancers and orchestrators, mounted in one line of
 * {@code web.xml} beside Baton's filter or Tomcat manager:
 *
 * <pre>{@code
 * <servlet><servlet-name>baton-health</servlet-name>
 *   <servlet-class>dev.baton.servlet.common.BatonHealthServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>baton-health</servlet-name><url-pattern>/health</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <p>Each {@code GET} (or {@code HEAD}) pings the store once ({@link StoreHealth}) and answers {@code 200} with
 * {@code {"status":"UP","store":"redis","uri":"redis://127.0.0.1:6379","latencyMs":1}}, or {@code 503} with
 * {@code "status":"DOWN"} and a {@code "reason"}, within {@code storeTimeout}. It never touches a session. The URI is
 * masked; the body is {@code application/json} and not cached.
 *
 * <p>Use it for readiness, not liveness: every node shares the store, so a liveness check on it restarts every node
 * at once when the store blips (see {@code docs/operations.md}). Before Baton has started in the web app, and in a
 * web app without Baton, it answers 503 saying so.
 */
public final class BatonHealthServlet extends HttpServlet {

    /**
     * The servlet context attribute where the filter and the Tomcat manager publish the check, as a
     * {@code Supplier<String>} of the JSON answer: a JDK type, because the manager (in Tomcat's {@code lib/}) and the
     * web app may each load their own copy of Baton.
     */
    public static final String ATTRIBUTE = "dev.baton.store-health";

    private static final long serialVersionUID = 1L;
    private static final String UP = "{\"status\":\"UP\"";
    private static final String NOT_STARTED = "{\"status\":\"DOWN\",\"reason\":\"Baton's session filter or manager "
            + "has not started in this web app\"}";

    /** Created by the container. */
    public BatonHealthServlet() {
    }

    /**
     * Publishes an engine's check in its web app, for this servlet; the filter and the Tomcat manager call it when
     * they start.
     *
     * @param context the web app
     * @param engine the web app's engine
     */
    public static void publish(ServletContext context, SessionEngine engine) {
        StoreHealth health = engine.health();
        Supplier<String> check = () -> health.check().toJson();
        context.setAttribute(ATTRIBUTE, check);
    }

    /**
     * Removes the check when the engine stops.
     *
     * @param context the web app
     */
    public static void withdraw(ServletContext context) {
        context.removeAttribute(ATTRIBUTE);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = (check() + "\n").getBytes(StandardCharsets.UTF_8);
        answer(response, body);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) {
        answer(response, (check() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String check() {
        Object published = getServletContext().getAttribute(ATTRIBUTE);
        if (!(published instanceof Supplier<?> supplier)) {
            return NOT_STARTED;
        }
        return String.valueOf(supplier.get());
    }

    private static void answer(HttpServletResponse response, byte[] body) {
        boolean up = new String(body, 0, Math.min(body.length, UP.length()), StandardCharsets.UTF_8).equals(UP);
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
    }
}
