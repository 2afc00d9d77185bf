/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's copies of sessions as the store last held them ({@code nearCacheSize}), so that a read of a session that
 * has not changed since the client last saw it costs no round trip. See {@code docs/near-cache.md}.
 *
 * <p>A copy is the stored bytes ({@link StoredSession}), never live objects: each request decodes its own values, so
 * that a request's in-place mutation can't leak into another. A copy serves a request only when:
 * <ul>
 * <li>the client presents a version token for the session, and the copy is at least that version (every save bumps
 * the version, so the client sees everything it saw before, including its own writes, made on any node);
 * <li>the store's {@link InvalidationFeed} is connected, has proven its connection alive less than
 * {@link InvalidationFeed#LIVENESS_BOUND} ago ({@link #alive(long)}; checked here on each read, so that a feed whose
 * timer runs late, in a long GC pause or on a starved scheduler, can't keep a silent connection taken for alive), and
 * has reported no change of the session since the copy was read (a change reported while the copy was being read
 * keeps it out);
 * <li>by the copy, the session has not expired, and its last access is younger than {@code touchInterval}: a read
 * that would touch the session loads it from the store instead, as without the cache, so the last access reaches the
 * store as often as without the cache and expiry stays exact cluster-wide.
 * </ul>
 * Every other case loads from the store as without the cache. Bounded in bytes (an estimate of each copy's heap
 * size); which copies stay when they don't all fit is Caffeine's choice (frequency and recency). Thread-safe.
 */
final class NearCache implements InvalidationFeed.Listener, AutoCloseable {

    /**
     * Changes are remembered per slot of the ID's hash: a change in the slot keeps out a copy read meanwhile, and one
     * other than the writer's own message keeps out a writer's copy.
     */
    private static final int SLOTS = 4096;
    private static final long LIVENESS_NANOS = InvalidationFeed.LIVENESS_BOUND.toNanos();
    private static final long DEFAULT_MOST_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(NearCache.class);

    private final long maxBytes;
    private final ReusableValues reusable;
    private final Duration touchInterval;
    private final Clock clock;
    private final InvalidationFeed feed;
    /** {@link System#nanoTime()}, or a test's ticker: the time base of the feed's proofs of liveness. */
    private final LongSupplier ticker;
    /** Copies and kept values by session ID; {@code null} when the cache is off. Evicts on the threads that write. */
    private final Cache<String, NearCacheEntry> entries;
    /** Counts the feed's events; a load notes it before asking the store. */
    private final AtomicLong events = new AtomicLong();
    /** The last change announced in each slot. */
    private final AtomicReferenceArray<Announced> announced = new AtomicReferenceArray<>(SLOTS);
    /** Loads that began before this event started before the feed (re)connected: their copies are not kept. */
    private volatile long floor = Long.MAX_VALUE;
    private volatile boolean connected;
    /** When the last exchange that proved the feed's connection alive began, by {@link #ticker}. */
    private final AtomicLong provenAt;
    private final SessionMetrics.Recorder metrics;

    NearCache(long maxBytes, Duration touchInterval, Clock clock, InvalidationFeed feed, LongSupplier ticker,
            SessionMetrics.Recorder metrics) {
        this.maxBytes = maxBytes;
        this.entries = feed == null ? null : NearCacheEntry.cache(maxBytes);
        this.reusable = new ReusableValues(entries == null ? null : entries.asMap(), maxBytes);
        this.touchInterval = touchInterval;
        this.clock = clock;
        this.feed = feed;
        this.ticker = ticker;
        this.metrics = metrics;
        this.provenAt = new AtomicLong(ticker.getAsLong() - LIVENESS_NANOS);
    }

    /**
     * The near cache the configuration asks for, its feed started; with {@code nearCacheSize} 0, or unset with a store
     * that has no invalidation feed, one that keeps nothing and loads every session from the store.
     *
     * @throws IllegalArgumentException when {@code nearCacheSize} is set above 0 and the store has no invalidation feed
     */
    static NearCache open(BatonConfig config, SessionStore store, Clock clock, Duration touchInterval,
            String maskedStore, SessionMetrics.Recorder metrics) {
        Optional<Long> configured = config.nearCacheSize();
        if (configured.isPresent() && configured.get() == 0) {
            return new NearCache(0, touchInterval, clock, null, System::nanoTime, metrics);
        }
        Optional<InvalidationFeed> found = store.openInvalidationFeed();
        if (found.isEmpty()) {
            if (configured.isPresent()) {
                throw new IllegalArgumentException("nearCacheSize=" + configured.get() + " ("
                        + config.sourceOf(ConfigKey.NEAR_CACHE_SIZE) + "): the store " + maskedStore
                        + " has no invalidation feed, so a cached session could outlive its invalidation; use "
                        + "nearCacheSize=0 with this store");
            }
            LOG.debug("Near cache off: the store {} reports no changes", maskedStore);
            return new NearCache(0, touchInterval, clock, null, System::nanoTime, metrics);
        }
        long size = configured.orElseGet(NearCache::defaultSize);
        LOG.info("Near cache on: up to {} KiB of sessions ({}); nearCacheSize=0 turns it off", size / 1024,
                configured.isPresent() ? config.sourceOf(ConfigKey.NEAR_CACHE_SIZE) : "default");
        NearCache cache = new NearCache(size, touchInterval, clock, found.get(), System::nanoTime, metrics);
        found.get().start(cache);
        return cache;
    }

    /** The size when {@code nearCacheSize} is unset: 64 MiB, or a sixteenth of the heap on a smaller one. */
    static long defaultSize() {
        return Math.min(DEFAULT_MOST_BYTES, Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * The session for a request whose client presented version {@code presented} (0 for none): a copy when one may
     * serve, else what the store holds (kept when it may serve later requests).
     */
    Optional<StoredSession> load(String id, long presented, SessionStore store) {
        if (feed == null) {
            return store.load(id);
        }
        if (presented > 0 && connected && ticker.getAsLong() - provenAt.get() < LIVENESS_NANOS) {
            NearCacheEntry entry = entries.getIfPresent(id);
            StoredSession copy = entry == null ? null : entry.copy();
            if (copy != null && copy.version() >= presented && fresh(copy, clock.instant())) {
                metrics.nearCacheHit();
                return Optional.of(copy);
            }
        }
        long begun = events.get();
        Optional<StoredSession> found = store.load(id);
        if (found.isPresent() && fresh(found.get(), clock.instant())) {
            keep(found.get(), begun);
        } else {
            evict(id);
        }
        return found;
    }

    /**
     * The point in the feed's events a save starts from, for {@link #keep}: what the feed announces after it may be
     * newer than what the save wrote.
     */
    long mark() {
        return events.get();
    }

    /**
     * What the store holds after {@code change} was written as version {@code version}, when nothing came between
     * the request's read and its save: the change's metadata, to the millisecond as stores keep times, and the
     * attributes' stored bytes as the writer knows them ({@code stored}).
     */
    static StoredSession afterSave(SessionChange change, long version, Map<String, byte[]> stored) {
        return new StoredSession(change.id(), change.created().truncatedTo(ChronoUnit.MILLIS),
                change.lastAccessed().truncatedTo(ChronoUnit.MILLIS), Duration.ofMillis(change.maxInactive().toMillis()),
                change.expiresAt() == null ? null : change.expiresAt().truncatedTo(ChronoUnit.MILLIS), version,
                change.principal(), stored);
    }

    /** Drops this node's copy of a session: this node wrote, renamed or invalidated it. */
    void evict(String id) {
        if (entries != null) {
            entries.asMap().computeIfPresent(id, (key, entry) -> entry.withCopy(null));
        }
    }

    /** {@return the estimated heap the copies and the kept values take, in bytes; at most {@code nearCacheSize}} */
    long bytes() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** {@return the decoded values kept for this node's next requests, in the same entries; none when off} */
    ReusableValues reusable() {
        return reusable;
    }

    /** {@return whether the cache is on: the client's version token is worth sending} */
    boolean enabled() {
        return feed != null;
    }

    /** {@inheritDoc} Drops the copy when it is older than {@code version}. */
    @Override
    public void invalidated(String id, long version) {
        long seq = events.incrementAndGet();
        // Atomic, for the messages a feed may still deliver from a connection it has given up, on another thread.
        announced.getAndUpdate(slot(id), before -> Announced.after(before, seq, id, version));
        if (entries != null) {
            NearCacheEntry entry = entries.policy().getIfPresentQuietly(id);
            if (entry != null && entry.copy() != null && entry.copy().version() < version) {
                entries.asMap().computeIfPresent(id, (key, current) -> current.copy() != null
                        && current.copy().version() < version ? current.withCopy(null) : current);
            }
        }
    }

    @Override
    public void connected() {
        provenAt.set(ticker.getAsLong());
        floor = events.incrementAndGet();
        connected = true;
    }

    /**
     * {@inheritDoc} Copies serve only while the last such proof is younger than
     * {@link InvalidationFeed#LIVENESS_BOUND}. A proof from an older exchange, arriving late, changes nothing.
     */
    @Override
    public void alive(long since) {
        // Compared as nanoTime values are: by their difference, which is right across a numerical overflow.
        provenAt.accumulateAndGet(since, (proven, proof) -> proof - proven > 0 ? proof : proven);
    }

    @Override
    public void disconnected() {
        connected = false;
        events.incrementAndGet();
        clear();
    }

    @Override
    public void close() {
        connected = false;
        if (feed != null) {
            feed.close();
        }
        clear();
    }

    // ---- the client's token: the version it last saw, bound to the session ID

    /** The token a client holds for version {@code version} of session {@code id}. */
    static String token(String id, long version) {
        return Long.toString(version, 36) + "." + Integer.toString(id.hashCode() & 0x7fffffff, 36);
    }

    /**
     * The version a token names for session {@code id}, or 0 when it names none (absent, malformed, another ID, or not
     * exactly as {@link #token(String, long)} writes it: a leading zero, a capital, a sign); allocates nothing.
     */
    static long version(String token, String id) {
        if (token == null || id == null || token.length() > 30) {
            return 0;
        }
        int dot = token.indexOf('.');
        if (dot < 1 || token.charAt(0) == '0'
                || digitsFrom(token, token.length(), id.hashCode() & 0x7fffffff) != dot + 1) {
            return 0;
        }
        long version = 0;
        for (int i = 0; i < dot; i++) {
            char c = token.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
            if (digit < 0 || version > (Long.MAX_VALUE - digit) / 36) {
                return 0;
            }
            version = version * 36 + digit;
        }
        return version;
    }

    // ---- helpers

    /**
     * Where {@code value} in base 36, as {@link Long#toString(long, int)} writes it, begins when it ends {@code token}'s
     * first {@code end} characters; -1 when it does not.
     */
    private static int digitsFrom(String token, int end, long value) {
        int at = end;
        long rest = value;
        do {
            if (at == 0 || token.charAt(--at) != Character.forDigit((int) (rest % 36), 36)) {
                return -1;
            }
            rest /= 36;
        } while (rest > 0);
        return at;
    }

    private boolean fresh(StoredSession copy, Instant now) {
        return !copy.isExpiredAt(now) && Duration.between(copy.lastAccessed(), now).compareTo(touchInterval) < 0;
    }

    /**
     * Keeps {@code copy} for later requests: a session as a load found it, or the state a save on this node wrote, so
     * that the writer's next request costs no load (then it must be exactly what the store holds at its version: the
     * save wrote the version the request had read plus one, no other save came between). Kept only when, since
     * {@code begun} ({@link #mark()}, taken before the store was asked), the feed stayed connected and announced
     * nothing newer of the session (a writer's own message is not newer), nor anything in its slot it can't tell apart.
     */
    void keep(StoredSession copy, long begun) {
        if (!unchangedSince(copy, begun) || NearCacheEntry.weight(copy) > maxBytes) {
            return;
        }
        entries.asMap().compute(copy.id(), (key, entry) -> entry == null ? NearCacheEntry.ofCopy(copy)
                : entry.withNewerCopy(copy));
        // A change reported between the check above and the put: the feed's thread may have dropped before the put.
        if (!unchangedSince(copy, begun)) {
            entries.asMap().computeIfPresent(copy.id(), (key, entry) -> entry.copy() == copy ? entry.withCopy(null)
                    : entry);
        }
    }

    /**
     * Whether the feed stayed connected since {@code begun} and announced nothing since that {@code copy} lacks: in
     * the copy's slot, no event, or only events of the copy's session for versions the copy holds. Another session's
     * event in the slot since then hides what came before it, so it keeps the copy out.
     */
    private boolean unchangedSince(StoredSession copy, long begun) {
        Announced last = announced.get(slot(copy.id()));
        return connected && begun >= floor && (last == null || last.seq() <= begun || last.runStart() <= begun
                && last.runVersion() <= copy.version() && last.id().equals(copy.id()));
    }

    private void clear() {
        if (entries != null) {
            entries.invalidateAll();
        }
    }

    private static int slot(String id) {
        return Math.floorMod(id.hashCode(), SLOTS);
    }

    /**
     * The last change the feed announced in a slot: its event number and session, and of the run of the slot's last
     * events that are all of that session, the newest version announced and the event number just before the run.
     */
    private record Announced(long seq, String id, long runVersion, long runStart) {

        static Announced after(Announced before, long seq, String id, long version) {
            if (before == null) {
                return new Announced(seq, id, version, 0);
            }
            // The newest event number of the slot, even when two threads' events land out of order.
            long latest = Math.max(seq, before.seq());
            if (before.id().equals(id)) {
                return new Announced(latest, id, Math.max(before.runVersion(), version), before.runStart());
            }
            return new Announced(latest, id, version, before.seq());
        }
    }
}
