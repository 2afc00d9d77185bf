/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples.boot;

import dev.baton.samples.Catalog;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Boot shop's pages, and {@code /api/*} in plain text for the demo's shoppers. Every page names the node that
 * served it; every form carries the CSRF token.
 */
@RestController
public class ShopController {

    private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";
    private static final String TEXT = MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8";

    private final Cart cart;

    /** @param cart the session's cart (a proxy: each request reaches its own session's) */
    public ShopController(Cart cart) {
        this.cart = cart;
    }

    /** @return the name this node shows, from the system property {@code samples.node} */
    static String nodeName() {
        return System.getProperty("samples.node", "node");
    }

    /** @return the balancer's health check: never touches the session */
    @GetMapping(path = "/health", produces = TEXT)
    public String health() {
        return "ok " + nodeName();
    }

    /** @return the home page */
    @GetMapping(path = "/", produces = HTML)
    public String home(Principal user) {
        String link = "<p><a href=\"/account\">Your account and cart</a>";
        return page("Home", user, link + (user == null ? " (asks you to sign in, then brings you back)" : "") + "</p>");
    }

    /** @return the login form; {@code ?error} and {@code ?logout} add a line */
    @GetMapping(path = "/login", produces = HTML)
    public String login(CsrfToken csrf, @RequestParam(name = "error", required = false) String error,
            @RequestParam(name = "logout", required = false) String logout) {
        String note = error != null ? "<p><b>Wrong name or password.</b></p>"
                : logout != null ? "<p>You are signed out.</p>" : "";
        return page("Sign in", null, note + "<form method=\"post\" action=\"/login\">" + hidden(csrf)
                + "<label>Name <input name=\"username\" autofocus required></label> "
                + "<label>Password <input name=\"password\" type=\"password\" required></label> "
                + "<button>Sign in</button></form><p>Any name; the password is <code>" + BootShop.PASSWORD
                + "</code>.</p>");
    }

    /** @return the account page: the cart, a form per product, and the sign-out form */
    @GetMapping(path = "/account", produces = HTML)
    public String account(Principal user, CsrfToken csrf) {
        StringBuilder html = new StringBuilder("<h2>Cart</h2>");
        Map<String, Integer> items = cart.items();
        if (items.isEmpty()) {
            html.append("<p>Your cart is empty.</p>");
        } else {
            int total = 0;
            html.append("<table>");
            for (Map.Entry<String, Integer> line : items.entrySet()) {
                Catalog.Product product = Catalog.products().get(line.getKey());
                total += product.priceCents() * line.getValue();
                html.append("<tr><td>").append(product.name()).append("</td><td>").append(line.getValue())
                        .append("</td></tr>");
            }
            html.append("<tr><td>Total</td><td>").append(Catalog.price(total)).append("</td></tr></table>");
        }
        html.append("<h2>Catalog</h2><table>");
        for (Catalog.Product product : Catalog.products().values()) {
            html.append("<tr><td>").append(product.name()).append("</td><td>")
                    .append(Catalog.price(product.priceCents()))
                    .append("</td><td><form method=\"post\" action=\"/cart/add\">").append(hidden(csrf))
                    .append("<input type=\"hidden\" name=\"sku\" value=\"").append(product.sku())
                    .append("\"><button>Add to cart</button></form></td></tr>");
        }
        html.append("</table><form method=\"post\" action=\"/logout\">").append(hidden(csrf))
                .append("<button>Sign out</button></form>");
        return page("Account", user, html.toString());
    }

    /** Adds a product from a form, then shows the account page again. */
    @PostMapping("/cart/add")
    public void addFromForm(@RequestParam("sku") String sku, HttpServletResponse response)
            throws IOException {
        if (Catalog.products().containsKey(sku)) {
            cart.add(sku);
        }
        response.sendRedirect("/account");
    }

    /** @return the signed-in user's name */
    @GetMapping(path = "/api/whoami", produces = TEXT)
    public String whoami(Principal user) {
        return user.getName();
    }

    /** @return the CSRF token that {@code /api/*} POSTs carry as {@code _csrf} */
    @GetMapping(path = "/api/csrf", produces = TEXT)
    public String csrf(CsrfToken csrf) {
        return csrf.getToken();
    }

    /** @return the cart as {@code sku=quantity,…}, or {@code empty} */
    @GetMapping(path = "/api/cart", produces = TEXT)
    public String cartText() {
        return cart.text();
    }

    /** @return the cart after adding one of {@code sku}; 400 for an unknown product */
    @PostMapping(path = "/api/cart/add", produces = TEXT)
    public String add(@RequestParam("sku") String sku, HttpServletResponse response) {
        if (!Catalog.products().containsKey(sku)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "unknown product";
        }
        cart.add(sku);
        return cart.text();
    }

    private static String hidden(CsrfToken csrf) {
        return "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">";
    }

    private static String page(String title, Principal user, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Baton Boot shop: " + title
                + "</title><style>body{font-family:sans-serif;max-width:46em;margin:2em auto}"
                + "header{background:#e8f0f3;padding:.6em 1em;border-radius:6px;margin-bottom:1em}"
                + "td,th{padding:.3em .8em;text-align:left}</style></head><body><header>Served by <b>" + nodeName()
                + "</b> · " + (user == null ? "<a href=\"/login\">sign in</a>"
                        : "signed in as <b>" + escape(user.getName()) + "</b>")
                + "</header><h1>" + title + "</h1>" + body + "</body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
