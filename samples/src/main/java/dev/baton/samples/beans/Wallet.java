/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples.beans;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session bean as applications write them: {@code Serializable}, with no no-argument constructor, holding JDK types
 * whose state Java serialization keeps through their own rules ({@link Random}'s seed, {@link AtomicLong}'s value,
 * {@link BigDecimal}'s scale, {@code java.time}'s serial form).
 */
public final class Wallet implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String owner;
    private final Instant opened;
    private final LocalDate openedOn;
    private final AtomicLong deposits = new AtomicLong();
    private final Random lottery;
    private BigDecimal balance = BigDecimal.ZERO.setScale(2);

    /**
     * @param owner the signed-in user
     * @param opened when the wallet was opened
     * @param seed the seed of its lottery
     */
    public Wallet(String owner, Instant opened, long seed) {
        this.owner = owner;
        this.opened = opened;
        this.openedOn = LocalDate.ofInstant(opened, ZoneOffset.UTC);
        this.lottery = new Random(seed);
    }

    /** @param amount added to the balance; one more deposit */
    public synchronized void deposit(BigDecimal amount) {
        balance = balance.add(amount);
        deposits.incrementAndGet();
    }

    /** @return the lottery's next number, 0 to 999: the sequence goes on where the last request left it */
    public synchronized int draw() {
        return lottery.nextInt(1000);
    }

    @Override
    public synchronized String toString() {
        return "owner=" + owner + " balance=" + balance + " deposits=" + deposits.get() + " opened=" + opened
                + " on=" + openedOn;
    }
}
