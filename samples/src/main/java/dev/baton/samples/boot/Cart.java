/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples.boot;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

/**
 * The signed-in user's cart: a session-scoped bean. Spring keeps it in the session as {@code scopedTarget.cart}
 * and, once a request that used it has completed, sets it in the session again; Baton writes the change made during
 * the request before the response leaves, and that late set changes nothing.
 */
@Component
@SessionScope
public class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Integer> items = new LinkedHashMap<>();

    /**
     * Adds one of a product.
     *
     * @param sku the product's SKU
     */
    public synchronized void add(String sku) {
        items.merge(sku, 1, Integer::sum);
    }

    /** @return SKU to quantity, in the order first added */
    public synchronized Map<String, Integer> items() {
        return new LinkedHashMap<>(items);
    }

    /** @return the cart as {@code sku=quantity,…}, or {@code empty} */
    public synchronized String text() {
        if (items.isEmpty()) {
            return "empty";
        }
        StringJoiner text = new StringJoiner(",");
        items.forEach((sku, quantity) -> text.add(sku + "=" + quantity));
        return text.toString();
    }
}
