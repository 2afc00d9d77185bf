/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.io.Serializable;

/**
 * A catalogue entry a user has seen, as current Java code writes such a value: a record of immutable values, the size
 * of a {@link CartItem}.
 *
 * @param sku the product's SKU
 * @param name the product's name
 * @param description a line of description
 * @param priceCents the unit price, in cents
 * @param seenAt when it was seen, epoch milliseconds
 */
public record CatalogueEntry(String sku, String name, String description, long priceCents, long seenAt)
        implements Serializable {

    /**
     * The {@code n}th entry of a page.
     *
     * @param n its number
     * @return the entry
     */
    static CatalogueEntry number(int n) {
        CartItem item = CartItem.number(n);
        return new CatalogueEntry(item.sku, item.name, item.description, item.priceCents, item.addedAt);
    }
}
