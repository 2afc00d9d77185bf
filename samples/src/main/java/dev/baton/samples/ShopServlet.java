/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A small shop: sign in, catalog, cart, checkout, sign out. Every page says which node served it, when the session
 * began and how many requests it has seen, so a person watching sees requests move between nodes while the cart
 * stays. {@code /api/*} answers in plain text for the demo's simulated users.
 */
public final class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The name this node shows, from the system property {@code samples.node}. */
    static String nodeName() {
        return System.getProperty("samples.node", "node");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        switch (path) {
            case "/", "/catalog" -> page(request, response, "Catalog", catalog());
            case "/login" -> page(request, response, "Sign in", """
                    <form method="post" action="login">
                      <label>Name <input name="user" autofocus required></label>
                      <button>Sign in</button>
                    </form>""");
            case "/cart" -> {
                HttpSession session = signedIn(request, response);
                if (session != null) {
                    page(request, response, "Cart", cartPage(cart(session)));
                }
            }
            case "/api/whoami" -> text(response, user(request.getSession(false)));
            case "/api/cart" -> text(response, cartText(request.getSession(false)));
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        switch (path) {
            case "/login" -> {
                String user = request.getParameter("user");
                if (user == null || user.isBlank()) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "a name is needed");
                    return;
                }
                HttpSession session = request.getSession();
                request.changeSessionId();
                session.setAttribute("user", user.strip());
                response.sendRedirect(request.getContextPath() + "/catalog");
            }
            case "/logout" -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + "/login");
            }
            case "/cart/add", "/api/cart/add" -> {
                HttpSession session = signedIn(request, response);
                if (session == null) {
                    return;
                }
                String sku = request.getParameter("sku");
                if (!Catalog.PRODUCTS.containsKey(sku)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown product");
                    return;
                }
                Map<String, Integer> cart = cartForUpdate(session);
                cart.merge(sku, 1, Integer::sum);
                finish(request, response, path, session);
            }
            case "/cart/update" -> {
                HttpSession session = signedIn(request, response);
                if (session == null) {
                    return;
                }
                String sku = request.getParameter("sku");
                int quantity = parseQuantity(request.getParameter("quantity"));
                Map<String, Integer> cart = cartForUpdate(session);
                if (quantity <= 0) {
                    cart.remove(sku);
                } else if (Catalog.PRODUCTS.containsKey(sku)) {
                    cart.put(sku, quantity);
                }
                finish(request, response, path, session);
            }
            case "/checkout" -> {
                HttpSession session = signedIn(request, response);
                if (session == null) {
                    return;
                }
                String summary = cartText(session);
                session.removeAttribute("cart");
                page(request, response, "Thank you", "<p>Order placed: " + escape(summary) + "</p>"
                        + "<p><a href=\"catalog\">Back to the catalog</a></p>");
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static int parseQuantity(String text) {
        try {
            return Math.min(Integer.parseInt(text), 99);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static HttpSession signedIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute("user") == null) {
            if (request.getServletPath().startsWith("/api/")) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "not signed in");
            } else {
                response.sendRedirect(request.getContextPath() + "/login");
            }
            return null;
        }
        return session;
    }

    private static void finish(HttpServletRequest request, HttpServletResponse response, String path,
            HttpSession session) throws IOException {
        if (path.startsWith("/api/")) {
            text(response, cartText(session));
        } else {
            response.sendRedirect(request.getContextPath() + "/cart");
        }
    }

    /** The cart, changed in place: Baton saves it without a new setAttribute call. */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> cartForUpdate(HttpSession session) {
        Map<String, Integer> cart = (Map<String, Integer>) session.getAttribute("cart");
        if (cart == null) {
            cart = new LinkedHashMap<>();
            session.setAttribute("cart", cart);
        }
        return cart;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> cart(HttpSession session) {
        Object cart = session == null ? null : session.getAttribute("cart");
        return cart == null ? Map.of() : (Map<String, Integer>) cart;
    }

    private static String user(HttpSession session) {
        Object user = session == null ? null : session.getAttribute("user");
        return user == null ? "anonymous" : user.toString();
    }

    /** The cart as {@code sku=quantity,...} in insertion order, or {@code empty}. */
    static String cartText(HttpSession session) {
        Map<String, Integer> cart = cart(session);
        if (cart.isEmpty()) {
            return "empty";
        }
        StringJoiner text = new StringJoiner(",");
        cart.forEach((sku, quantity) -> text.add(sku + "=" + quantity));
        return text.toString();
    }

    private static String catalog() {
        StringBuilder html = new StringBuilder("<table><tr><th>Product</th><th>Price</th><th></th></tr>");
        for (Catalog.Product product : Catalog.PRODUCTS.values()) {
            html.append("<tr><td>").append(escape(product.name())).append("</td><td>")
                    .append(Catalog.price(product.priceCents())).append("</td><td>")
                    .append("<form method=\"post\" action=\"cart/add\"><input type=\"hidden\" name=\"sku\" value=\"")
                    .append(product.sku()).append("\"><button>Add to cart</button></form></td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String cartPage(Map<String, Integer> cart) {
        if (cart.isEmpty()) {
            return "<p>Your cart is empty. <a href=\"catalog\">Go shopping</a>.</p>";
        }
        StringBuilder html = new StringBuilder(
                "<table><tr><th>Product</th><th>Quantity</th><th>Total</th><th></th></tr>");
        int total = 0;
        for (Map.Entry<String, Integer> line : cart.entrySet()) {
            Catalog.Product product = Catalog.PRODUCTS.get(line.getKey());
            int lineTotal = product.priceCents() * line.getValue();
            total += lineTotal;
            String sku = "<input type=\"hidden\" name=\"sku\" value=\"" + product.sku() + "\">";
            html.append("<tr><td>").append(escape(product.name())).append("</td><td>")
                    .append("<form method=\"post\" action=\"cart/update\">").append(sku)
                    .append("<input name=\"quantity\" size=\"2\" value=\"").append(line.getValue())
                    .append("\"><button>Change</button></form></td><td>").append(Catalog.price(lineTotal))
                    .append("</td><td><form method=\"post\" action=\"cart/update\">").append(sku)
                    .append("<input type=\"hidden\" name=\"quantity\" value=\"0\"><button>Remove</button></form>")
                    .append("</td></tr>");
        }
        html.append("<tr><td colspan=\"2\">Total</td><td>").append(Catalog.price(total))
                .append("</td><td></td></tr></table>")
                .append("<form method=\"post\" action=\"checkout\"><button>Check out</button></form>");
        return html.toString();
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, String title, String body)
            throws IOException {
        HttpSession session = request.getSession();
        Integer seen = (Integer) session.getAttribute("requests");
        int requests = seen == null ? 1 : seen + 1;
        session.setAttribute("requests", requests);
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        String user = user(session);
        out.print("<!doctype html><html><head><meta charset=\"utf-8\"><title>Baton shop: " + escape(title)
                + "</title><style>body{font-family:sans-serif;max-width:46em;margin:2em auto}"
                + "header{background:#f3f0e8;padding:.6em 1em;border-radius:6px;margin-bottom:1em}"
                + "td,th{padding:.3em .8em;text-align:left}</style></head><body><header>Served by <b>"
                + escape(nodeName()) + "</b> · session since " + Instant.ofEpochMilli(session.getCreationTime())
                + " · " + requests + (requests == 1 ? " request · " : " requests · ")
                + ("anonymous".equals(user) ? "<a href=\"login\">sign in</a>"
                        : "signed in as <b>" + escape(user) + "</b> · <a href=\"cart\">cart</a> · "
                                + "<form method=\"post\" action=\"logout\" style=\"display:inline\">"
                                + "<button>sign out</button></form>")
                + "</header><h1>" + escape(title) + "</h1>" + body + "</body></html>");
    }

    private static void text(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
