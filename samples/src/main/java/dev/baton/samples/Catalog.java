/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shop's products, shared by the servlet shop and the Spring Boot one: SKU to name and price in cents. */
public final class Catalog {

    /**
     * One product.
     *
     * @param sku its SKU, as forms and carts name it
     * @param name what the page shows
     * @param priceCents its price in cents
     */
    public record Product(String sku, String name, int priceCents) {
    }

    static final Map<String, Product> PRODUCTS = new LinkedHashMap<>();

    static {
        add("tea", "Green tea, 100 g", 650);
        add("mug", "Stoneware mug", 1200);
        add("kettle", "Gooseneck kettle", 4900);
        add("scale", "Coffee scale", 2900);
        add("beans", "Coffee beans, 250 g", 1100);
        add("filter", "Paper filters, 100", 450);
    }

    private Catalog() {
    }

    private static void add(String sku, String name, int priceCents) {
        PRODUCTS.put(sku, new Product(sku, name, priceCents));
    }

    /** @return every product by SKU, in the catalog's order (unmodifiable) */
    public static Map<String, Product> products() {
        return Collections.unmodifiableMap(PRODUCTS);
    }

    /**
     * @param cents an amount in cents
     * @return it as {@code 12.50}
     */
    public static String price(int cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }
}
