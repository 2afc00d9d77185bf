/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.BatonConfig;
import dev.baton.core.LockedLoad;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.testing.LockHolder;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node killed with SIGKILL while it holds a session's lock delays that session's next request by at most
 * {@code lockLease}, never forever. Every networked store runs it against a real server, with the holder in a JVM of
 * its own.
 */
public abstract class LockHolderKilledContract {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    /** The URI of the real server the store runs against. */
    protected abstract String storeUri();

    @Test
    @Timeout(60)
    void getSessionWhenLockHolderWasKilledThenLockFreesWithinLease() throws Exception {
        String unique = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
        List<String> settings = List.of("store", storeUri(), "keyPrefix", "baton-test-" + unique + ":",
                "tableName", "baton_t_" + unique, "createSchema", "true", "lockLease", LEASE.toSeconds() + "s");
        BatonConfig.Builder config = BatonConfig.builder().set("lockMode", "session").set("lockTimeout", "20s");
        for (int i = 0; i < settings.size(); i += 2) {
            config.set(settings.get(i), settings.get(i + 1));
        }
        try (SessionEngine engine = SessionEngine.builder(config.build()).build()) {
            SessionRequest creation = engine.newRequest(null);
            creation.getSession(true).setAttribute("cart", "book");
            creation.save();
            String id = creation.idToSend().orElseThrow();

            try (LockHolder holder = LockHolder.start(settings, id)) {
                // Renewed by the live holder: still held after its first lease would have run out.
                Thread.sleep(LEASE.plusMillis(500).toMillis());
                assertThat(engine.store().loadLocked(id, "probe", Clock.systemUTC().instant(), LEASE))
                        .isInstanceOf(LockedLoad.Busy.class);

                holder.kill();
                long killed = System.nanoTime();
                SessionRequest next = engine.newRequest(id);
                Object cart = next.getSession(false).getAttribute("cart");
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                next.save();

                assertThat(cart).isEqualTo("book");
                assertThat(waitedMillis).isLessThanOrEqualTo(LEASE.plus(MARGIN).toMillis());
            }
        }
    }
}
