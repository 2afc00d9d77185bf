/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sizes of session the load benchmark runs, each with its {@code read}, {@code write} and {@code mutate}. The
 * probe app picks one by the request's {@code size} parameter; the JMH benchmarks of other packages
 * ({@link dev.baton.benchmarks.engine.RequestBenchmark}) run the same through {@link #setUp} and {@link #run}.
 */
public enum SessionShape {
    /** The ~2 KB session of {@link Workloads}. */
    S2K("2k"),
    /**
     * ~10 KB: a user name, a counter and a cart of 50 {@link CartItem}s. {@code write} increments the counter, reads
     * the cart, adds an item in place (dropping the oldest, so the session keeps its size) and calls
     * {@code setAttribute} again; {@code mutate} changes an item's quantity in place, without {@code setAttribute};
     * {@code read} reads the three.
     */
    S10K("10k"),
    /**
     * ~100 KB: the 10 KB session plus nine lists of 50 items each (say, pages of the catalogue recently seen) that the
     * workloads read but never change: {@code write} and {@code mutate} change what they change in the 10 KB session.
     */
    S100K("100k"),
    /**
     * ~100 KB as {@link #S100K}, the nine lists holding {@link CatalogueEntry} records instead of mutable items: what
     * the check of values read costs when they are immutable.
     */
    S100K_RECORDS("100k-records");

    /** Items in a cart. */
    private static final int ITEMS = 50;
    /** The extra lists of {@link #S100K}. */
    private static final int PAGES = 9;

    final String label;

    SessionShape(String label) {
        this.label = label;
    }

    /**
     * The shape named {@code label}.
     *
     * @param label {@code 2k}, {@code 10k}, {@code 100k} or {@code 100k-records}
     * @return the shape
     */
    public static SessionShape of(String label) {
        for (SessionShape shape : values()) {
            if (shape.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return shape;
            }
        }
        throw new IllegalArgumentException("unknown session size " + label + ": 2k, 10k, 100k or 100k-records");
    }

    /**
     * Fills a new session.
     *
     * @param session the session
     * @param user the user name to store
     */
    public void setUp(Workloads.Session session, String user) {
        if (this == S2K) {
            Workloads.setUp(session, user);
            return;
        }
        session.set("user", user);
        session.set("counter", 0);
        session.set("cart", items(0));
        for (int page = 0; page < (this == S10K ? 0 : PAGES); page++) {
            session.set("page" + page, this == S100K ? items(1000 * (page + 1)) : entries(1000 * (page + 1)));
        }
    }

    private static List<CatalogueEntry> entries(int first) {
        List<CatalogueEntry> entries = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            entries.add(CatalogueEntry.number(first + i));
        }
        return entries;
    }

    private static List<CartItem> items(int first) {
        List<CartItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(CartItem.number(first + i));
        }
        return items;
    }

    /**
     * Runs a workload.
     *
     * @param workload {@code read}, {@code write} or {@code mutate}
     * @param session the request's session
     * @return what the probe app answers
     */
    public String run(String workload, Workloads.Session session) {
        return switch (workload) {
            case "read" -> read(session);
            case "write" -> write(session);
            case "mutate" -> mutate(session);
            default -> throw new IllegalArgumentException("unknown workload " + workload + ": read, write or mutate");
        };
    }

    @SuppressWarnings("unchecked")
    String read(Workloads.Session session) {
        if (this == S2K) {
            return Workloads.read(session);
        }
        int quantities = 0;
        for (CartItem item : (List<CartItem>) session.get("cart")) {
            quantities += item.quantity;
        }
        for (int page = 0; page < (this == S10K ? 0 : PAGES); page++) {
            quantities += ((List<?>) session.get("page" + page)).size();
        }
        return session.get("user") + " " + session.get("counter") + " " + quantities;
    }

    @SuppressWarnings("unchecked")
    String write(Workloads.Session session) {
        if (this == S2K) {
            return Workloads.write(session);
        }
        int counter = (Integer) session.get("counter") + 1;
        session.set("counter", counter);
        List<CartItem> cart = (List<CartItem>) session.get("cart");
        cart.remove(0);
        cart.add(CartItem.number(counter));
        session.set("cart", cart);
        return Integer.toString(counter);
    }

    @SuppressWarnings("unchecked")
    String mutate(Workloads.Session session) {
        if (this == S2K) {
            return Workloads.mutate(session);
        }
        List<CartItem> cart = (List<CartItem>) session.get("cart");
        // By the cart's own size: in-memory sessions share one cart between overlapping requests of a session, and
        // two writes that overlap there (ArrayList is not thread-safe) can leave it an item short.
        CartItem item = cart.get((int) Math.floorMod(System.nanoTime(), (long) cart.size()));
        item.quantity = item.quantity % 9 + 1;
        return Integer.toString(cart.size());
    }
}
