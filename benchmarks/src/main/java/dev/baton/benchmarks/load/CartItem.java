/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.io.Serializable;

/**
 * A line of the benchmark's shopping cart, as web apps write them: a {@code Serializable} class with public fields
 * and a no-arg constructor, about 200 bytes encoded.
 */
public final class CartItem implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The product's SKU. */
    public String sku;
    /** The product's name. */
    public String name;
    /** A line of description. */
    public String description;
    /** How many. */
    public int quantity;
    /** The unit price, in cents. */
    public long priceCents;
    /** When it was added, epoch milliseconds. */
    public long addedAt;

    /** An empty item, for the codecs. */
    public CartItem() {
    }

    /**
     * The {@code n}th item of a cart.
     *
     * @param n its number
     * @return the item
     */
    static CartItem number(int n) {
        CartItem item = new CartItem();
        item.sku = String.format("SKU-%08d-%04d", n, n % 9973);
        item.name = "Product " + n + ", a reasonably descriptive product name";
        item.description = "Ships in 2-3 days; colour " + (n % 7) + ", size " + (n % 5)
                + "; returnable within 30 days of delivery, see terms.";
        item.quantity = 1 + n % 3;
        item.priceCents = 199 + 37L * n;
        item.addedAt = 1_700_000_000_000L + n * 60_000L;
        return item;
    }
}
