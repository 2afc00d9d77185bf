/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.codec;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A typical session's cart: 20 line items, a user profile and a few strings. */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One line of the cart. */
    public static final class Line implements Serializable {
        private static final long serialVersionUID = 1L;
        String sku;
        String name;
        int quantity;
        BigDecimal unitPrice;

        Line() {
        }

        Line(String sku, String name, int quantity, BigDecimal unitPrice) {
            this.sku = sku;
            this.name = name;
            this.quantity = quantity;
            this.unitPrice = unitPrice;
        }
    }

    /** The signed-in user. */
    public static final class Profile implements Serializable {
        private static final long serialVersionUID = 1L;
        String userName;
        String email;
        String locale;
        List<String> roles = new ArrayList<>();
        Instant lastLogin;
    }

    List<Line> lines = new ArrayList<>();
    Profile profile = new Profile();
    Map<String, String> notes = new LinkedHashMap<>();
    String currency;
    String couponCode;

    /** The benchmark's cart. */
    public static Cart typical() {
        Cart cart = new Cart();
        for (int i = 0; i < 20; i++) {
            cart.lines.add(new Line("SKU-" + (10_000 + i), "Product number " + i + " in the catalogue", 1 + i % 3,
                    new BigDecimal("19.99").add(BigDecimal.valueOf(i))));
        }
        cart.profile.userName = "alice.martin";
        cart.profile.email = "alice.martin@example.com";
        cart.profile.locale = "fr-FR";
        cart.profile.roles.addAll(List.of("customer", "newsletter"));
        cart.profile.lastLogin = Instant.parse("2026-11-24T08:15:30Z");
        cart.notes.put("gift", "wrap in blue paper");
        cart.notes.put("delivery", "leave with the neighbour");
        cart.currency = "EUR";
        cart.couponCode = "WINTER26";
        return cart;
    }
}
