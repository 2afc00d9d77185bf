/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.testing;

import dev.baton.core.BatonConfig;
import dev.baton.core.InvalidationFeed;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the stores' outage tests need of an invalidation feed: its connections counted, its log lines counted. */
public final class FeedEvents {

    private FeedEvents() {
    }

    /**
     * Opens the store {@code config} names and its feed, starts the feed with a listener that counts its connections,
     * runs {@code outage} with that count, closes both, and returns what was logged meanwhile.
     *
     * @param config the store's settings
     * @param outage what happens to the store while the feed runs
     * @return the tests' logger's output ({@link StderrLog})
     */
    public static String logDuring(BatonConfig config, Consumer<AtomicInteger> outage) {
        AtomicInteger connections = new AtomicInteger();
        return StderrLog.during(() -> {
            try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                    FeedEvents.class.getClassLoader());
                    InvalidationFeed feed = store.openInvalidationFeed().orElseThrow()) {
                feed.start(countingConnections(connections));
                outage.accept(connections);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A listener that counts the feed's {@code connected()} calls and ignores the rest.
     *
     * @param connections incremented on each
     * @return the listener
     */
    public static InvalidationFeed.Listener countingConnections(AtomicInteger connections) {
        return new InvalidationFeed.Listener() {
            @Override
            public void invalidated(String id, long version) {
            }

            @Override
            public void connected() {
                connections.incrementAndGet();
            }

            @Override
            public void disconnected() {
            }
        };
    }

    /**
     * The INFO lines of the tests' logger (slf4j-simple) from a class of {@code dev.baton} whose message holds
     * {@code text}.
     *
     * @param log what {@link StderrLog#during} returned
     * @param simpleClassName the logging class's simple name
     * @param text a part of the message
     * @return how many there are
     */
    public static int infoLines(String log, String simpleClassName, String text) {
        Matcher lines = Pattern.compile("INFO dev\\.baton\\.[\\w.]*" + Pattern.quote("." + simpleClassName)
                + " - [^\\n]*" + Pattern.quote(text)).matcher(log);
        int found = 0;
        while (lines.find()) {
            found++;
        }
        return found;
    }
}
