/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot.testapp;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A class of the app's base package, which the starter allows in the store without configuration. */
public class Cart implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();

    /** @return a copy with {@code item} added */
    public Cart with(String item) {
        Cart copy = new Cart();
        copy.items.addAll(items);
        copy.items.add(item);
        return copy;
    }

    @Override
    public String toString() {
        return "Cart" + items;
    }
}
