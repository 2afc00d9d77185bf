/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The benchmark's session and what each workload does with it, written once for the load benchmark's probe app and
 * for {@link dev.baton.benchmarks.engine.RequestBenchmark}: a ~2 KB session (a user name, a counter, a 10-item cart,
 * a 10-entry map and 1 KB of bytes); {@code read} reads the 5 attributes; {@code write} increments the counter and
 * adds a cart item, dropping the oldest so the session keeps its size; {@code mutate} changes a cart item in place,
 * without {@code setAttribute}.
 */
public final class Workloads {

    /** A session as a workload sees it: an {@code HttpSession}, or Baton's own. */
    public interface Session {
        /**
         * @param name the attribute
         * @return its value, or {@code null}
         */
        Object get(String name);

        /**
         * @param name the attribute
         * @param value its new value
         */
        void set(String name, Object value);
    }

    private Workloads() {
    }

    /**
     * A session from its two accessors.
     *
     * @param get reads an attribute
     * @param set writes an attribute
     * @return the session
     */
    public static Session session(Function<String, Object> get, BiConsumer<String, Object> set) {
        return new Session() {
            @Override
            public Object get(String name) {
                return get.apply(name);
            }

            @Override
            public void set(String name, Object value) {
                set.accept(name, value);
            }
        };
    }

    /**
     * Fills a new session.
     *
     * @param session the session
     * @param user the user name to store
     */
    public static void setUp(Session session, String user) {
        session.set("user", user);
        session.set("counter", 0);
        List<String> cart = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cart.add("item-" + i + "-sku-0000" + i);
        }
        session.set("cart", cart);
        Map<String, String> prefs = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            prefs.put("pref" + i, "value-" + i);
        }
        session.set("prefs", prefs);
        session.set("blob", new byte[1024]);
    }

    /**
     * The {@code read} workload.
     *
     * @param session the session
     * @return what the probe app answers
     */
    @SuppressWarnings("unchecked")
    public static String read(Session session) {
        Object user = session.get("user");
        Integer counter = (Integer) session.get("counter");
        List<String> cart = (List<String>) session.get("cart");
        Map<String, String> prefs = (Map<String, String>) session.get("prefs");
        byte[] blob = (byte[]) session.get("blob");
        return user + " " + counter + " " + cart.size() + " " + prefs.size() + " " + blob.length;
    }

    /**
     * The {@code write} workload.
     *
     * @param session the session
     * @return what the probe app answers
     */
    @SuppressWarnings("unchecked")
    public static String write(Session session) {
        int counter = (Integer) session.get("counter") + 1;
        session.set("counter", counter);
        List<String> cart = (List<String>) session.get("cart");
        cart.remove(0);
        cart.add("item-" + counter);
        session.set("cart", cart);
        return Integer.toString(counter);
    }

    /**
     * The {@code mutate} workload.
     *
     * @param session the session
     * @return what the probe app answers
     */
    @SuppressWarnings("unchecked")
    public static String mutate(Session session) {
        List<String> cart = (List<String>) session.get("cart");
        cart.set(0, "item-" + System.nanoTime());
        return Integer.toString(cart.size());
    }
}
