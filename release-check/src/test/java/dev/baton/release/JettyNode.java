/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.release;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * One node of {@link FreshProjectIT}'s cluster, run in its own JVM: an embedded Jetty whose web app is Baton's filter
 * (declared by class name, as in {@code web.xml}) in front of a servlet that counts the session's requests. Prints
 * {@code port=<n>} once it listens. Argument: the store URI.
 */
public final class JettyNode {

    private JettyNode() {
    }

    /**
     * Starts the node and serves until the process is killed.
     *
     * @param args the store URI
     * @throws Exception if Jetty does not start
     */
    public static void main(String[] args) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder baton = new FilterHolder();
        baton.setName("baton");
        baton.setClassName("dev.baton.servlet.BatonSessionFilter");
        baton.setInitParameter("store", args[0]);
        context.addFilter(baton, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new CountingServlet()), "/*");
        server.setHandler(context);
        server.start();
        System.out.println("port=" + server.getURI().getPort());
        System.out.flush();
        server.join();
    }

    /** Counts the requests of a session in the session itself and answers with the count. */
    static final class CountingServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            Integer count = (Integer) session.getAttribute("count");
            int next = count == null ? 1 : count + 1;
            session.setAttribute("count", next);
            response.setContentType("text/plain");
            response.getWriter().print(next);
        }
    }
}
