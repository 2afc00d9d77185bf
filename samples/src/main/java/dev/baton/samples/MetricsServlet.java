/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /metrics}: the node's meters in Prometheus's text format, Baton's {@code baton_*} among them. Baton's filter
 * (or Tomcat manager), given no metrics of its own, finds {@code baton-micrometer} on the class path and reports to
 * Micrometer's global registry; this servlet adds a Prometheus registry to it. Never touches the session.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient PrometheusMeterRegistry prometheus;

    @Override
    public void init() {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.addRegistry(prometheus);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getWriter().write(prometheus.scrape());
    }

    @Override
    public void destroy() {
        Metrics.removeRegistry(prometheus);
        prometheus.close();
    }
}
