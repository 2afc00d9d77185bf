package dev.baton.core;

import static java.util.Objects.requireNonNull;

import dev.baton.core.codec.ValueCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session as one request sees it: the metadata, and the attributes, kept as the stored bytes until read and decoded
 * on first use with the web app's class loader. It records what the request changed so that the save writes only that.
 *
 * <p>Behaves as Tomcat's {@code StandardSession}: after {@link #invalidate()} every attribute and time accessor throws
 * {@link IllegalStateException} naming the method; {@code setAttribute(name, null)} removes; a value that can't be
 * encoded is refused at {@link #setAttribute(String, Object)}, naming the attribute and the class. Front ends wrap it
 * in their {@code HttpSession}; the web app never sees this class. One instance belongs to one request; its methods
 * are synchronized for asynchronous requests.
 */
public final class BatonSession {

    /**
     * Attributes whose name starts with this are the container's, not the web app's (the Tomcat manager keeps the
     * principal and the authenticators' notes there): stored and replicated like any attribute, but left out of
     * {@link #getAttributeNames()} and of every listener event.
     */
    public static final String INTERNAL_PREFIX = "\u0000baton.";

    private static final class Slot {
        byte[] stored;
        /** {@code stored} decrypted (the same array when not encrypted), once known: what re-encodings compare to. */
        byte[] unsealed;
        /** The unencrypted form of the bytes the save in progress writes, or {@code null}. */
        byte[] saving;
        /** What {@code setAttribute} encoded, sealed for the session {@code pendingForId}, and its unencrypted form. */
        byte[] pending;
        byte[] pendingUnsealed;
        String pendingForId;
        Object value;
        boolean decoded;
        boolean set;
        boolean undecodable;
        /** Not decoded, but {@code unsealed} must be sealed again under a new session ID at the save. */
        boolean rebind;

        long size() {
            byte[] bytes = pending != null ? pending : stored;
            return bytes == null ? 0 : bytes.length;
        }
    }

    private final SessionEngine engine;
    private String id;
    private final Instant created;
    private Instant lastAccessed;
    private Duration maxInactive;
    private String principal;
    private final boolean isNew;
    private boolean persisted;
    private boolean valid = true;
    private boolean metadataDirty;
    private final Map<String, Slot> attributes = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private Object view;

    BatonSession(SessionEngine engine, String id, Instant now, Duration maxInactive) {
        this.engine = engine;
        this.id = id;
        this.created = now;
        this.lastAccessed = now;
        this.maxInactive = maxInactive;
        this.isNew = true;
        this.persisted = false;
        this.metadataDirty = true;
    }

    BatonSession(SessionEngine engine, StoredSession stored, Instant now, boolean touchDue) {
        this.engine = engine;
        this.id = stored.id();
        this.created = stored.created();
        this.lastAccessed = stored.lastAccessed();
        this.maxInactive = stored.maxInactive();
        this.principal = stored.principal();
        this.isNew = false;
        this.persisted = true;
        this.metadataDirty = touchDue;
        stored.attributes().forEach((name, bytes) -> {
            Slot slot = new Slot();
            slot.stored = bytes;
            attributes.put(name, slot);
        });
    }

    /** The session ID. Never log it: use {@link #toString()}, which shows a hash. Works after invalidation. */
    public synchronized String getId() {
        return id;
    }

    /** When the session was created. @throws IllegalStateException when invalidated */
    public synchronized Instant getCreationTime() {
        checkValid("getCreationTime");
        return created;
    }

    /**
     * The last access before this request, as the store knows it (touches are coalesced, so it may lag by up to
     * {@code touchInterval}).
     *
     * @return the time
     * @throws IllegalStateException when invalidated
     */
    public synchronized Instant getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessed;
    }

    /** The idle timeout; zero or negative means never. Works after invalidation, as in Tomcat. */
    public synchronized Duration getMaxInactiveInterval() {
        return maxInactive;
    }

    /**
     * Changes the idle timeout; zero or negative means the session never idles out.
     *
     * @param interval the new timeout
     */
    public synchronized void setMaxInactiveInterval(Duration interval) {
        requireNonNull(interval, "interval");
        if (!interval.equals(maxInactive)) {
            maxInactive = interval;
            metadataDirty = true;
        }
    }

    /** Whether the client has not yet joined the session: it was created in this request. @throws ISE when invalidated */
    public synchronized boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    /** Whether the session is still valid. */
    public synchronized boolean isValid() {
        return valid;
    }

    /** The authenticated user's name that the container keeps with the session, or {@code null}. */
    public synchronized String getPrincipalName() {
        return principal;
    }

    /**
     * Records the authenticated user's name with the session (the Tomcat manager does so on login).
     *
     * @param name the name, or {@code null} on logout
     */
    public synchronized void setPrincipalName(String name) {
        if (!java.util.Objects.equals(name, principal)) {
            principal = name;
            metadataDirty = true;
        }
    }

    /**
     * The value of an attribute, decoded on first read with the web app's class loader. A value that can't be decoded
     * (its class is gone after a deploy, not allowed, or its bytes fail authentication) is dropped with a warning and
     * reads as {@code null}.
     *
     * @param name the attribute
     * @return the value, or {@code null}
     * @throws IllegalStateException when invalidated
     */
    public synchronized Object getAttribute(String name) {
        checkValid("getAttribute");
        if (name == null) {
            return null;
        }
        Slot slot = attributes.get(name);
        return slot == null ? null : value(name, slot);
    }

    /** The attribute names, in storage order, without those that failed to decode. @throws ISE when invalidated */
    public synchronized List<String> getAttributeNames() {
        checkValid("getAttributeNames");
        List<String> names = new ArrayList<>(attributes.size());
        attributes.forEach((name, slot) -> {
            if (!slot.undecodable && !name.startsWith(INTERNAL_PREFIX)) {
                names.add(name);
            }
        });
        return Collections.unmodifiableList(names);
    }

    /**
     * Binds a value. A {@code null} value removes the attribute. The value is encoded at once, so that a value that
     * can't be stored fails here, naming the attribute and its class, rather than at the end of the request.
     *
     * @param name the attribute
     * @param value the value, or {@code null}
     * @throws IllegalArgumentException when {@code name} is null, or the value's class is not allowed or can't be
     *     encoded ({@link AttributeEncodingException}), or the session would exceed {@code maxSessionBytes}
     * @throws IllegalStateException when invalidated
     */
    public synchronized void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("setAttribute: name parameter cannot be null");
        }
        checkValid("setAttribute");
        if (value == null) {
            removeAttribute(name);
            return;
        }
        byte[] unsealed = engine.codec().encodeUnsealed(name, value);
        byte[] bytes = engine.codec().seal(id, name, unsealed);
        Slot slot = attributes.get(name);
        long after = totalBytes() - (slot == null ? 0 : slot.size()) + bytes.length;
        if (after > engine.config().maxSessionBytes()) {
            throw new IllegalArgumentException("setAttribute: attribute '" + name + "' (" + bytes.length
                    + " bytes) would make session " + LogIds.hash(id) + " " + after + " bytes, over maxSessionBytes="
                    + engine.config().maxSessionBytes());
        }
        Object old = slot == null ? null : value(name, slot);
        SessionEventListener events = engine.listener();
        if (value != old) {
            engine.notify("valueBound", () -> events.valueBound(this, name, value));
        }
        if (slot == null) {
            slot = new Slot();
            attributes.put(name, slot);
        }
        slot.value = value;
        slot.decoded = true;
        slot.undecodable = false;
        slot.set = true;
        slot.pending = bytes;
        slot.pendingUnsealed = unsealed;
        slot.pendingForId = id;
        removed.remove(name);
        if (old != null && old != value) {
            engine.notify("valueUnbound", () -> events.valueUnbound(this, name, old));
        }
        if (old != null) {
            engine.notify("attributeReplaced", () -> events.attributeReplaced(this, name, old));
        } else {
            engine.notify("attributeAdded", () -> events.attributeAdded(this, name, value));
        }
    }

    /**
     * Unbinds an attribute.
     *
     * @param name the attribute
     * @throws IllegalStateException when invalidated
     */
    public synchronized void removeAttribute(String name) {
        checkValid("removeAttribute");
        removeAndNotify(name);
    }

    /**
     * Reads a container-internal attribute (its name starts with {@link #INTERNAL_PREFIX}).
     *
     * @param name the attribute
     * @return the value, or {@code null}
     */
    public synchronized Object getInternalAttribute(String name) {
        checkInternal(name);
        Slot slot = attributes.get(name);
        return slot == null ? null : value(name, slot);
    }

    /**
     * Writes or (with {@code null}) removes a container-internal attribute; no listener hears of it.
     *
     * @param name the attribute, starting with {@link #INTERNAL_PREFIX}
     * @param value the value, or {@code null}
     */
    public synchronized void setInternalAttribute(String name, Object value) {
        checkInternal(name);
        if (value == null) {
            Slot slot = attributes.remove(name);
            if (slot != null && slot.stored != null) {
                removed.add(name);
            }
            return;
        }
        Slot slot = attributes.computeIfAbsent(name, n -> new Slot());
        slot.value = value;
        slot.decoded = true;
        slot.undecodable = false;
        slot.set = true;
        slot.pendingUnsealed = engine.codec().encodeUnsealed(name, value);
        slot.pending = engine.codec().seal(id, name, slot.pendingUnsealed);
        slot.pendingForId = id;
        removed.remove(name);
    }

    private static void checkInternal(String name) {
        if (name == null || !name.startsWith(INTERNAL_PREFIX)) {
            throw new IllegalArgumentException("internal attribute names start with INTERNAL_PREFIX: " + name);
        }
    }

    /**
     * Destroys the session everywhere: deletes it from the store, then fires {@code sessionDestroyed} (attributes
     * still readable) and unbinds every attribute, as Tomcat does. When another node destroyed it first, no event fires
     * here: {@code sessionDestroyed} fires once in the cluster.
     *
     * @throws IllegalStateException when already invalidated
     * @throws SessionStoreException when the store can't be reached; the session then stays valid
     */
    public synchronized void invalidate() {
        checkValid("invalidate");
        boolean deleted = !persisted || engine.store().delete(id);
        if (deleted) {
            destroy();
        } else {
            valid = false;
        }
    }

    /** Fires the destruction events and marks the session invalid. Used by invalidation and by the reaper. */
    synchronized void destroy() {
        SessionEventListener events = engine.listener();
        engine.notify("sessionDestroyed", () -> events.sessionDestroyed(this));
        valid = false;
        for (String name : new ArrayList<>(attributes.keySet())) {
            removeAndNotify(name);
        }
    }

    /**
     * The front end's view of this session (its {@code HttpSession}), created on first use, so that every event and
     * every {@code getSession()} of the request hand out the same object.
     *
     * @param factory creates the view
     * @param <T> the view's type
     * @return the view
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T view(java.util.function.Function<BatonSession, T> factory) {
        if (view == null) {
            view = factory.apply(this);
        }
        return (T) view;
    }

    /** Shows the hashed ID only. */
    @Override
    public synchronized String toString() {
        return "BatonSession[" + LogIds.hash(id) + (valid ? "" : ", invalid") + "]";
    }

    // ---- used by the request logic

    synchronized boolean isPersisted() {
        return persisted;
    }

    synchronized void renameTo(String newId) {
        if (engine.codec().bindsSessionId()) {
            // Stored values are bound to the old ID: write every attribute again under the new one. Values not read
            // are decrypted under the old ID now and not decoded, so that one this node can't decode survives too.
            attributes.forEach((name, slot) -> {
                if (slot.decoded) {
                    slot.set = true;
                } else if (unsealed(name, slot) != null) {
                    slot.rebind = true;
                }
            });
        }
        id = newId;
        metadataDirty = true;
    }

    /**
     * The change this request makes, or {@code null} when there is nothing to write. Encodes values set or (per
     * {@code saveMode}) read, and checks {@code maxSessionBytes}.
     */
    synchronized SessionChange pendingChange(Instant now) {
        if (!valid) {
            return null;
        }
        SaveMode mode = engine.config().saveMode();
        Map<String, byte[]> set = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> entry : attributes.entrySet()) {
            String name = entry.getKey();
            Slot slot = entry.getValue();
            if (!slot.decoded || slot.undecodable) {
                if (slot.rebind && !slot.undecodable) {
                    set.put(name, seal(name, slot, slot.unsealed));
                } else if (!persisted && slot.stored != null) {
                    set.put(name, slot.stored);
                }
                continue;
            }
            boolean mutable = !ValueCodec.isImmutableValue(slot.value);
            slot.saving = null;
            if (slot.set || !persisted) {
                // A value set in this request: what setAttribute encoded, unless the app changed the value since.
                byte[] unsealed = slot.pendingUnsealed;
                if (unsealed == null || mutable) {
                    unsealed = encodeForSave(name, slot.value, unsealed);
                }
                if (unsealed == slot.pendingUnsealed && id.equals(slot.pendingForId)) {
                    slot.saving = unsealed;
                    set.put(name, slot.pending);
                } else {
                    set.put(name, seal(name, slot, unsealed));
                }
            } else if (mode == SaveMode.ALWAYS || (mode == SaveMode.ON_MUTATION && mutable)) {
                // Compare unencrypted forms: with encryption on, every sealing differs (a fresh nonce each time).
                byte[] unsealed = encodeForSave(name, slot.value, slot.unsealed);
                if (mode == SaveMode.ALWAYS || unsealed != slot.unsealed) {
                    set.put(name, seal(name, slot, unsealed));
                }
            }
        }
        Set<String> removals = persisted ? new LinkedHashSet<>(removed) : Set.of();
        if (persisted && set.isEmpty() && removals.isEmpty() && !metadataDirty) {
            return null;
        }
        long total = 0;
        for (Map.Entry<String, Slot> entry : attributes.entrySet()) {
            byte[] bytes = set.get(entry.getKey());
            total += bytes != null ? bytes.length : entry.getValue().size();
        }
        if (total > engine.config().maxSessionBytes()) {
            throw new SessionTooLargeException("Session " + LogIds.hash(id) + " would be " + total
                    + " bytes, over maxSessionBytes=" + engine.config().maxSessionBytes() + "; nothing was saved. "
                    + "Largest attributes: " + largest(set));
        }
        Instant expiresAt = engine.expiresAt(created, now, maxInactive);
        SessionChange.Kind kind = persisted ? SessionChange.Kind.UPDATE : SessionChange.Kind.CREATE;
        return new SessionChange(kind, id, now, created, now, maxInactive, expiresAt, principal, set, removals);
    }

    /** Records that {@code change} was written: the written bytes become the stored ones. */
    synchronized void saved(SessionChange change) {
        persisted = true;
        metadataDirty = false;
        lastAccessed = change.lastAccessed();
        removed.clear();
        change.setAttributes().forEach((name, bytes) -> {
            Slot slot = attributes.get(name);
            if (slot != null) {
                slot.stored = bytes;
                slot.unsealed = slot.saving;
                slot.saving = null;
                slot.pending = null;
                slot.pendingUnsealed = null;
                slot.set = false;
                slot.rebind = false;
            }
        });
    }

    /** Marks the session invalid without events: another node destroyed it. */
    synchronized void markGone() {
        valid = false;
    }

    private String largest(Map<String, byte[]> set) {
        List<Map.Entry<String, Long>> sizes = new ArrayList<>();
        attributes.forEach((name, slot) -> sizes.add(Map.entry(name,
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
     * Fires the passivation event and encodes the value, not yet encrypted: {@code previous} itself when the encoding
     * equals it.
     */
    private byte[] encodeForSave(String name, Object value, byte[] previous) {
        SessionEventListener events = engine.listener();
        engine.notify("sessionWillPassivate", () -> events.valueWillPassivate(this, name, value));
        return engine.codec().encodeUnsealed(name, value, previous);
    }

    private byte[] seal(String name, Slot slot, byte[] unsealed) {
        slot.saving = unsealed;
        return engine.codec().seal(id, name, unsealed);
    }

    private long totalBytes() {
        long total = 0;
        for (Slot slot : attributes.values()) {
            total += slot.size();
        }
        return total;
    }

    private Object value(String name, Slot slot) {
        if (slot.decoded) {
            return slot.value;
        }
        if (slot.undecodable) {
            return null;
        }
        byte[] unsealed = unsealed(name, slot);
        if (unsealed == null) {
            return null;
        }
        try {
            slot.value = engine.codec().decodeUnsealed(name, unsealed, engine.classLoader());
            slot.decoded = true;
        } catch (AttributeDecodingException e) {
            slot.undecodable = true;
            engine.decodingFailed(this, e);
            return null;
        }
        Object value = slot.value;
        SessionEventListener events = engine.listener();
        engine.notify("sessionDidActivate", () -> events.valueActivated(this, name, value));
        return value;
    }

    /**
     * The stored bytes of a slot not yet decoded, authenticated and decrypted under the current ID once, or
     * {@code null} (the slot marked undecodable, the failure reported) when they can't be.
     */
    private byte[] unsealed(String name, Slot slot) {
        if (slot.unsealed == null && !slot.undecodable) {
            try {
                slot.unsealed = engine.codec().unseal(id, name, slot.stored);
            } catch (AttributeDecodingException e) {
                slot.undecodable = true;
                engine.decodingFailed(this, e);
            }
        }
        return slot.unsealed;
    }

    private void removeAndNotify(String name) {
        if (name == null) {
            return;
        }
        Slot slot = attributes.get(name);
        if (slot == null) {
            return;
        }
        Object old = value(name, slot);
        attributes.remove(name);
        if (slot.stored != null) {
            removed.add(name);
        }
        if (old != null && !name.startsWith(INTERNAL_PREFIX)) {
            SessionEventListener events = engine.listener();
            engine.notify("valueUnbound", () -> events.valueUnbound(this, name, old));
            engine.notify("attributeRemoved", () -> events.attributeRemoved(this, name, old));
        }
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": Session already invalidated");
        }
    }
}
