/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.codec.GraphSnapshot;
import dev.baton.core.codec.ValueCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The attributes of one session as one request sees them: kept as the stored bytes until read, decoded once on first
 * read (or taken from {@link ReusableValues} when an earlier request on this node left an equal value), and, at the
 * save, the set of values to write (set in this request, or mutated in place per {@code saveMode}) with the names
 * removed. Guarded by its {@link BatonSession}'s lock.
 */
final class SessionAttributes {

    private final SessionEngine engine;
    private final BatonSession session;
    private final Map<String, AttributeSlot> slots;
    /** The names stored and removed since the last save; {@code null} until one is (most requests remove none). */
    private Set<String> removed;
    /** The stored bytes of the attributes removed since the last save, for the expectations of a late change. */
    private Map<String, byte[]> removedStored;
    /** The values an earlier request on this node left for this session, taken at the first decode; else {@code null}. */
    private ReusableValues.Taken taken;

    SessionAttributes(SessionEngine engine, BatonSession session, Map<String, byte[]> stored) {
        this.engine = engine;
        this.session = session;
        this.slots = new LinkedHashMap<>(stored.size() * 4 / 3 + 2);
        stored.forEach((name, bytes) -> { // forEach: an unmodifiable map's entrySet() wraps every entry
            AttributeSlot slot = new AttributeSlot();
            slot.stored = bytes;
            slots.put(name, slot);
        });
    }

    boolean contains(String name) {
        return slots.containsKey(name);
    }

    /** The value, decoded on first read; {@code null} when absent or undecodable (the failure reported once). */
    Object value(String name) {
        AttributeSlot slot = name == null ? null : slots.get(name);
        return slot == null ? null : value(name, slot);
    }

    /** The names, in storage order, that {@code shown} accepts and that have not failed to decode. */
    List<String> readableNames(Predicate<String> shown) {
        List<String> names = new ArrayList<>(slots.size());
        slots.forEach((name, slot) -> {
            if (slot.state != AttributeSlot.State.UNDECODABLE && shown.test(name)) {
                names.add(name);
            }
        });
        return Collections.unmodifiableList(names);
    }

    /** Every name, a copy. */
    List<String> names() {
        return new ArrayList<>(slots.keySet());
    }

    /**
     * Checks a value being set, and encodes it now (unsealed) when it is to be encoded now: a value of an immutable JDK
     * type (it can't change before the save, so this is its one encoding), or one whose classes the codec can't check
     * without encoding ({@link ValueCodec#passesWithoutEncoding}). Any other value passed the codec's class checks
     * without encoding and is encoded once, at the save: {@code null} is returned.
     *
     * @throws AttributeEncodingException when the value or a class in it can't be stored, naming both
     */
    byte[] encodeAtSet(String name, Object value) {
        ValueCodec codec = engine.codec();
        return !ValueCodec.isImmutableValue(value) && codec.passesWithoutEncoding(value) ? null
                : codec.encodeUnsealed(name, value);
    }

    /**
     * Seals what {@link #encodeAtSet} encoded under the session's ID, refusing it when the session would then pass
     * {@code maxSessionBytes}.
     *
     * @throws IllegalArgumentException over {@code maxSessionBytes}, naming the attribute and the sizes
     */
    byte[] sealWithin(String name, byte[] unsealed) {
        byte[] bytes = engine.codec().seal(session.getId(), name, unsealed);
        AttributeSlot replaced = slots.get(name);
        long after = totalBytes() - (replaced == null ? 0 : replaced.size()) + bytes.length;
        if (after > engine.config().maxSessionBytes()) {
            throw new IllegalArgumentException("setAttribute: attribute '" + name + "' (" + bytes.length
                    + " bytes) would make session " + LogIds.hash(session.getId()) + " " + after
                    + " bytes, over maxSessionBytes=" + engine.config().maxSessionBytes());
        }
        return bytes;
    }

    /**
     * Takes a value set in this request: encoded and sealed under the session's ID, or, with both {@code null},
     * checked and to be encoded at the save.
     */
    void set(String name, Object value, byte[] unsealed, byte[] sealed) {
        slots.computeIfAbsent(name, n -> new AttributeSlot()).set(value, unsealed, sealed, session.getId());
        if (removed != null) {
            removed.remove(name);
        }
    }

    /** Removes an attribute; a stored one is deleted at the save. */
    void remove(String name) {
        AttributeSlot slot = slots.remove(name);
        if (slot != null && slot.stored != null) {
            if (removed == null) {
                removed = new LinkedHashSet<>();
                removedStored = new HashMap<>();
            }
            removed.add(name);
            removedStored.putIfAbsent(name, slot.stored);
        }
    }

    /** The names stored and removed in this request, a copy. */
    Set<String> removed() {
        return removed == null || removed.isEmpty() ? Set.of() : new LinkedHashSet<>(removed);
    }

    /** What the session takes in the store once {@code set} is written. */
    long totalBytesAfter(Map<String, byte[]> set) {
        long total = 0;
        for (Map.Entry<String, AttributeSlot> entry : slots.entrySet()) {
            byte[] bytes = set.get(entry.getKey());
            total += bytes != null ? bytes.length : entry.getValue().size();
        }
        return total;
    }

    /**
     * After a change of ID with encryption: stored values are bound to the old ID, so every attribute is written again
     * under the new one. Values not read are decrypted under the old ID now and not decoded, so that one this node
     * can't decode survives too.
     */
    void rebindAll() {
        slots.forEach((name, slot) -> {
            if (slot.state == AttributeSlot.State.DECODED) {
                slot.set = true;
                slot.rebind = true;
            } else if (unsealed(name, slot) != null) {
                slot.rebind = true;
            }
        });
    }

    /**
     * The values to write, sealed: those set in this request (all of them for a session not yet stored), those
     * rebound to a new ID, and, per {@code mode}, those read whose encoding changed (mutated in place).
     */
    Map<String, byte[]> changed(boolean persisted, SaveMode mode) {
        Map<String, byte[]> set = null;
        for (Map.Entry<String, AttributeSlot> entry : slots.entrySet()) {
            String name = entry.getKey();
            AttributeSlot slot = entry.getValue();
            if (slot.state != AttributeSlot.State.DECODED) {
                if (slot.rebind && slot.state != AttributeSlot.State.UNDECODABLE) {
                    set = with(set, name, seal(name, slot, slot.unsealed));
                } else if (!persisted && slot.stored != null) {
                    set = with(set, name, slot.stored);
                }
                continue;
            }
            boolean mutable = !ValueCodec.isImmutableValue(slot.value);
            slot.saving = null;
            if (slot.set || !persisted) {
                // A value set in this request: what setAttribute encoded, unless the app may have changed the value
                // since; a value setAttribute only checked is encoded here, once.
                byte[] unsealed = slot.pendingUnsealed;
                if (unsealed == null || mutable) {
                    unsealed = encodeForSave(name, slot, unsealed != null ? unsealed : slot.unsealed,
                            mutable && snapshots(mode));
                }
                slot.checked = unsealed;
                if (persisted && mode != SaveMode.ALWAYS && !slot.rebind && Arrays.equals(unsealed, slot.unsealed)) {
                    // Set again to what the store holds (a framework re-setting what it read): no write at all.
                    slot.unchanged();
                } else if (unsealed == slot.pendingUnsealed && session.getId().equals(slot.pendingForId)) {
                    slot.saving = unsealed;
                    set = with(set, name, slot.pending);
                } else {
                    set = with(set, name, seal(name, slot, unsealed));
                }
            } else if (mode == SaveMode.ALWAYS || (mode == SaveMode.ON_MUTATION && mutable)) {
                // Compare unencrypted forms: with encryption on, every sealing differs (a fresh nonce each time).
                byte[] unsealed = encodeForSave(name, slot, slot.unsealed, mode == SaveMode.ON_MUTATION);
                slot.checked = unsealed;
                if (mode == SaveMode.ALWAYS || unsealed != slot.unsealed) {
                    set = with(set, name, seal(name, slot, unsealed));
                }
            } else {
                // Not encoded: the value is reusable if immutable, or (on-set-attribute) if its graph is as decoded.
                slot.checked = !mutable || slot.graphUnchanged() ? slot.unsealed : null;
            }
        }
        return set == null ? Map.of() : set;
    }

    /**
     * Hands the values that, at the last save, encoded to what the store now holds to {@code reusable}, for the next
     * request on this node that reads the same bytes ({@link ReusableValues}), with those this request took and did
     * not read.
     */
    void keepReusable(ReusableValues reusable, String id) {
        if (taken == null) {
            // Nothing decoded: what an earlier request left is taken now, so that it is handed back with the rest.
            taken = reusable.take(id);
        }
        if (taken.sameAs(slots) && reusable.putBack(id, taken)) {
            return;
        }
        Map<String, ReusableValues.Kept> values = new HashMap<>();
        slots.forEach((name, slot) -> {
            if (slot.reusable()) {
                values.put(name, new ReusableValues.Kept(slot.unsealed, slot.value, slot.snapshotFor(slot.unsealed)));
            } else if (slot.state == AttributeSlot.State.STORED && taken.any(name) != null) {
                // Taken and not read: handed back as it was; the next request uses it only if its bytes still match.
                values.put(name, taken.any(name));
            }
        });
        reusable.keep(id, values);
    }

    /** {@code set} with one more entry, made on the first: a request that changes nothing allocates no map. */
    private static Map<String, byte[]> with(Map<String, byte[]> set, String name, byte[] bytes) {
        Map<String, byte[]> to = set == null ? new LinkedHashMap<>() : set;
        to.put(name, bytes);
        return to;
    }

    /** Records that {@code set} was written: the written bytes become the stored ones, and no removal is pending. */
    void saved(Map<String, byte[]> set) {
        removed = null;
        removedStored = null;
        set.forEach((name, bytes) -> {
            AttributeSlot slot = slots.get(name);
            if (slot != null) {
                slot.saved(bytes);
            }
        });
    }

    /** The stored bytes of each attribute as this request knows them: loaded, or written by its last save. */
    Map<String, byte[]> stored() {
        Map<String, byte[]> stored = new LinkedHashMap<>(slots.size() * 4 / 3 + 2);
        slots.forEach((name, slot) -> {
            if (slot.stored != null) {
                stored.put(name, slot.stored);
            }
        });
        return stored;
    }

    /**
     * What this request last knew the store to hold for each of {@code names}: the bytes it loaded or last wrote, a
     * zero-length array for none. The expectations of a late change ({@link SessionChange#expectedAttributes()}).
     */
    Map<String, byte[]> knownStored(Set<String> names) {
        Map<String, byte[]> known = new LinkedHashMap<>();
        for (String name : names) {
            AttributeSlot slot = slots.get(name);
            byte[] stored = slot != null && slot.stored != null ? slot.stored : removedStored != null ? removedStored.get(name) : null;
            known.put(name, stored != null ? stored : new byte[0]);
        }
        return known;
    }

    /** The three largest attributes after the save in progress, for the message of a session too large. */
    String largest(Map<String, byte[]> set) {
        List<Map.Entry<String, Long>> sizes = new ArrayList<>();
        slots.forEach((name, slot) -> sizes.add(Map.entry(name,
                set.containsKey(name) ? (long) set.get(name).length : slot.size())));
        sizes.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(3, sizes.size()); i++) {
            text.append(i == 0 ? "" : ", ").append('\'').append(sizes.get(i).getKey()).append("' ")
                    .append(sizes.get(i).getValue()).append(" bytes");
        }
        return text.toString();
    }

    /**
     * Fires the passivation event and encodes the slot's value, not yet encrypted: {@code previous} itself when the
     * encoding equals it. With {@code snapshots} (saveMode=on-mutation, a mutable value), when the snapshot of the
     * value's graph taken when it encoded to exactly {@code previous} finds the graph unchanged, that is the answer, and
     * nothing is encoded; else a snapshot taken before the encoding is kept with it, for the next check.
     */
    private byte[] encodeForSave(String name, AttributeSlot slot, byte[] previous, boolean snapshots) {
        Object value = slot.value;
        SessionEventListener events = engine.listener();
        if (value != null && events.observesActivation(value)) {
            engine.notify("sessionWillPassivate", () -> events.valueWillPassivate(session, name, value));
        }
        GraphSnapshot known = snapshots ? slot.snapshotFor(previous) : null;
        GraphSnapshot now = !snapshots ? null
                : known != null ? known.retake(value) : engine.codec().snapshot(value, null);
        if (now != null && now == known) {
            return previous;
        }
        byte[] unsealed = engine.codec().encodeUnsealed(name, value, previous);
        slot.snapshot(now, unsealed);
        return unsealed;
    }

    /** Whether mutable values' graphs are recorded: to save changes in place, or (on-set-attribute) to reuse values. */
    private boolean snapshots(SaveMode mode) {
        return mode == SaveMode.ON_MUTATION || mode == SaveMode.ON_SET_ATTRIBUTE && engine.nearCache().enabled();
    }

    private byte[] seal(String name, AttributeSlot slot, byte[] unsealed) {
        slot.saving = unsealed;
        return engine.codec().seal(session.getId(), name, unsealed);
    }

    private long totalBytes() {
        long total = 0;
        for (AttributeSlot slot : slots.values()) {
            total += slot.size();
        }
        return total;
    }

    private Object value(String name, AttributeSlot slot) {
        if (slot.state == AttributeSlot.State.DECODED) {
            return slot.value;
        }
        if (slot.state == AttributeSlot.State.UNDECODABLE) {
            return null;
        }
        byte[] unsealed = unsealed(name, slot);
        if (unsealed == null) {
            return null;
        }
        try {
            if (taken == null) {
                taken = engine.nearCache().reusable().take(session.getId());
            }
            ReusableValues.Kept reused = taken.value(name, unsealed);
            if (reused != null) {
                slot.value = reused.value();
                slot.snapshot(reused.snapshot(), unsealed);
            } else {
                slot.value = engine.codec().decodeUnsealed(name, unsealed, engine.classLoader());
                // Before the activation event, which may change the value: what the stored bytes decode to.
                boolean checked = !ValueCodec.isImmutableValue(slot.value) && snapshots(engine.config().saveMode());
                slot.snapshot(checked ? engine.codec().snapshot(slot.value, unsealed) : null, unsealed);
            }
            slot.state = AttributeSlot.State.DECODED;
        } catch (AttributeDecodingException e) {
            slot.state = AttributeSlot.State.UNDECODABLE;
            engine.decodingFailed(session, e);
            return null;
        }
        Object value = slot.value;
        SessionEventListener events = engine.listener();
        if (value != null && events.observesActivation(value)) {
            engine.notify("sessionDidActivate", () -> events.valueActivated(session, name, value));
        }
        return value;
    }

    /**
     * The stored bytes of a slot not yet decoded, authenticated and decrypted under the current ID once, or
     * {@code null} (the slot marked undecodable, the failure reported) when they can't be.
     */
    private byte[] unsealed(String name, AttributeSlot slot) {
        if (slot.unsealed == null && slot.state != AttributeSlot.State.UNDECODABLE) {
            try {
                slot.unsealed = engine.codec().unseal(session.getId(), name, slot.stored);
            } catch (AttributeDecodingException e) {
                slot.state = AttributeSlot.State.UNDECODABLE;
                engine.decodingFailed(session, e);
            }
        }
        return slot.unsealed;
    }

    /** Refuses a name that is not a container-internal attribute's ({@link BatonSession#INTERNAL_PREFIX}). */
    static void checkInternal(String name) {
        if (name == null || !name.startsWith(BatonSession.INTERNAL_PREFIX)) {
            throw new IllegalArgumentException("internal attribute names start with INTERNAL_PREFIX: " + name);
        }
    }
}
