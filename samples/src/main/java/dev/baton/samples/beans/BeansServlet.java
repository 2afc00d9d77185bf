/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples.beans;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The session-beans sample, in plain text. {@code /health} is open; {@code /secure/*} needs Tomcat's FORM login:
 * {@code GET /secure/wallet} shows the wallet (opened at the first visit), {@code POST /secure/deposit?amount=0.10},
 * {@code POST /secure/draw} (the wallet's lottery), {@code POST /secure/note?text=…} (the notebook) and
 * {@code POST /secure/logout}.
 */
public final class BeansServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The seed of every wallet's lottery, so that a test can tell which number comes next. */
    public static final long LOTTERY_SEED = 42;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getServletPath().equals("/health")) {
            text(response, "ok " + System.getProperty("samples.node", "node"));
        } else if ("/wallet".equals(request.getPathInfo())) {
            text(response, wallet(request).toString());
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = String.valueOf(request.getPathInfo());
        switch (path) {
            case "/deposit" -> {
                Wallet wallet = wallet(request);
                wallet.deposit(new BigDecimal(request.getParameter("amount")));
                text(response, wallet.toString());
            }
            case "/draw" -> text(response, Integer.toString(wallet(request).draw()));
            case "/note" -> {
                HttpSession session = request.getSession();
                Notebook notebook = (Notebook) session.getAttribute("notebook");
                if (notebook == null) {
                    notebook = new Notebook();
                    session.setAttribute("notebook", notebook);
                }
                notebook.write(request.getParameter("text"), LocalDateTime.now(ZoneOffset.UTC));
                text(response, notebook.toString());
            }
            case "/logout" -> {
                request.getSession().invalidate();
                text(response, "signed out");
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** The session's wallet, changed in place by the caller: Baton saves it without another setAttribute. */
    private static Wallet wallet(HttpServletRequest request) {
        HttpSession session = request.getSession();
        Wallet wallet = (Wallet) session.getAttribute("wallet");
        if (wallet == null) {
            wallet = new Wallet(request.getRemoteUser(), Instant.now(), LOTTERY_SEED);
            session.setAttribute("wallet", wallet);
        }
        return wallet;
    }

    private static void text(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(body);
    }
}
