/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec.stored;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An application's own session attribute, as stored by every Baton release since 0.1.0: {@link
 * StoredFormatTest}'s fixtures hold instances of it. Never change its fields; a test that needs another shape writes
 * a new class.
 */
public class StoredCart implements Serializable {

    private static final long serialVersionUID = 1L;

    private String owner;
    private List<String> lines = new ArrayList<>();
    private BigDecimal total;

    /** An empty cart. */
    public StoredCart() {
    }

    StoredCart(String owner, List<String> lines, BigDecimal total) {
        this.owner = owner;
        this.lines = new ArrayList<>(lines);
        this.total = total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredCart cart && Objects.equals(owner, cart.owner)
                && Objects.equals(lines, cart.lines) && Objects.equals(total, cart.total);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, lines, total);
    }

    @Override
    public String toString() {
        return "StoredCart[" + owner + ", " + lines + ", " + total + "]";
    }
}
