/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the changes a request makes after its response was committed (late changes: a framework's request-completion
 * hook, such as Spring's {@code ServletRequestAttributes.requestCompleted()}, setting again what it read), so that
 * they never overwrite a newer value: the client may already have sent its next request, to another node, which may
 * have written the same attributes.
 *
 * <p>A late change carries, for each attribute it sets or removes, the bytes this request last knew the store to
 * hold ({@link SessionChange#expectedAttributes()}); the store writes it only if it still holds them. When it does
 * not, each attribute is tried on its own, so that one overwritten attribute does not cost the others their write.
 * A dropped attribute is counted and warned of once per attribute name on this node (later drops of the same name at
 * DEBUG), with no session ID: it is the race of every request-completion hook, not the fault of one session. One per
 * engine; thread-safe.
 */
final class LateChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);
    /** How many attribute names already warned of are remembered. */
    private static final int REMEMBERED = 1_000;

    private final LongAdder dropped = new LongAdder();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** How many late attribute changes were dropped since start because a newer request had changed the attribute. */
    long dropped() {
        return dropped.sum();
    }

    /**
     * Writes a late change of {@code session}.
     *
     * @param store the store
     * @param session the session, whose written attributes are recorded as stored
     * @param change the change, without expectations yet
     * @return {@link SaveResult#GONE} when the session no longer exists, else {@link SaveResult#SAVED} (what could not
     *     be written was dropped and reported)
     */
    SaveResult write(SessionStore store, BatonSession session, SessionChange change) {
        Set<String> names = new LinkedHashSet<>(change.setAttributes().keySet());
        names.addAll(change.removedAttributes());
        if (names.isEmpty()) {
            // A late change of metadata alone (a timeout set after the commit) has no attribute to overwrite.
            return record(session, change, store.save(change));
        }
        Map<String, byte[]> expected = session.knownStored(names);
        SaveResult result = store.save(change.expecting(expected));
        if (result != SaveResult.STALE || names.size() == 1) {
            return record(session, change, result);
        }
        for (SessionChange single : perAttribute(change, expected)) {
            if (record(session, single, store.save(single)) == SaveResult.GONE) {
                return SaveResult.GONE;
            }
        }
        return SaveResult.SAVED;
    }

    private SaveResult record(BatonSession session, SessionChange change, SaveResult result) {
        if (result == SaveResult.SAVED) {
            session.saved(change);
        } else if (result == SaveResult.STALE) {
            Set<String> names = new LinkedHashSet<>(change.setAttributes().keySet());
            names.addAll(change.removedAttributes());
            names.forEach(this::report);
            return SaveResult.SAVED;
        }
        return result;
    }

    private List<SessionChange> perAttribute(SessionChange change, Map<String, byte[]> expected) {
        List<SessionChange> singles = new ArrayList<>();
        change.setAttributes().forEach((name, bytes) -> singles.add(single(change, Map.of(name, bytes), Set.of(),
                name, expected)));
        change.removedAttributes().forEach(name -> singles.add(single(change, Map.of(), Set.of(name), name,
                expected)));
        return singles;
    }

    private static SessionChange single(SessionChange change, Map<String, byte[]> set, Set<String> removed, String name,
            Map<String, byte[]> expected) {
        Map<String, byte[]> one = new LinkedHashMap<>();
        one.put(name, expected.get(name));
        return new SessionChange(change.kind(), change.id(), change.at(), change.created(), change.lastAccessed(),
                change.maxInactive(), change.expiresAt(), change.principal(), set, removed, 0, one);
    }

    private void report(String name) {
        dropped.increment();
        boolean first = warned.size() < REMEMBERED && warned.add(name);
        if (first) {
            LOG.warn("A change of session attribute '{}' made after the response was committed was dropped: a newer "
                    + "request had already changed the attribute in the store, and its value stands. A framework that "
                    + "sets session attributes again when the request completes (Spring's session scope does) "
                    + "causes this; set attributes before the response is committed for them to be saved. Later "
                    + "drops of this attribute are logged at DEBUG", name);
        } else {
            LOG.debug("A late change of session attribute '{}' was dropped: a newer request had changed it", name);
        }
    }
}
