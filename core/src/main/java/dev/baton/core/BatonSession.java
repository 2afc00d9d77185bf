/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
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

    private final SessionEngine engine;
    private String id;
    private final Instant created;
    private Instant lastAccessed;
    private Duration maxInactive;
    private String principal;
    private boolean principalIndexDue;
    private final boolean isNew;
    private boolean persisted;
    private boolean valid = true;
    private boolean metadataDirty;
    private final SessionAttributes attributes;
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
        this.attributes = new SessionAttributes(engine, this, Map.of());
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
        this.attributes = new SessionAttributes(engine, this, stored.attributes());
    }

    /** {@return the session ID} Never log it: use {@link #toString()}, which shows a hash. Works after invalidation. */
    public synchronized String getId() {
        return id;
    }

    /**
     * {@return when the session was created}
     *
     * @throws IllegalStateException when invalidated
     */
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

    /** {@return the idle timeout; zero or negative means never} Works after invalidation, as in Tomcat. */
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

    /**
     * {@return whether the client has not yet joined the session: it was created in this request}
     *
     * @throws IllegalStateException when invalidated
     */
    public synchronized boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    /** {@return whether the session is still valid} */
    public synchronized boolean isValid() {
        return valid;
    }

    /** {@return the authenticated user's name that the container keeps with the session, or {@code null}} */
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
            principalIndexDue = name != null;
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
        return attributes.value(name);
    }

    /**
     * {@return the attribute names, in storage order, without those that failed to decode}
     *
     * @throws IllegalStateException when invalidated
     */
    public synchronized List<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return attributes.readableNames(name -> !name.startsWith(INTERNAL_PREFIX));
    }

    /**
     * Binds a value. A {@code null} value removes the attribute. A value that can't be stored fails here, naming the
     * attribute and its class, rather than at the end of the request: its classes are checked now as the codec checks
     * them, and it is encoded once, when the request saves (so a change made after this call is saved too). A value
     * of an immutable JDK type, or one that only an encoding can check, is encoded now; {@code maxSessionBytes} is
     * checked here for a value encoded now, and for the whole session at the save.
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
        byte[] unsealed = attributes.encodeAtSet(name, value);
        byte[] bytes = unsealed == null ? null : attributes.sealWithin(name, unsealed);
        Object old = attributes.value(name);
        SessionEventListener events = engine.listener();
        if (value != old) {
            engine.notify("valueBound", () -> events.valueBound(this, name, value));
        }
        attributes.set(name, value, unsealed, bytes);
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
        SessionAttributes.checkInternal(name);
        return attributes.value(name);
    }

    /**
     * Writes or (with {@code null}) removes a container-internal attribute; no listener hears of it.
     *
     * @param name the attribute, starting with {@link #INTERNAL_PREFIX}
     * @param value the value, or {@code null}
     */
    public synchronized void setInternalAttribute(String name, Object value) {
        SessionAttributes.checkInternal(name);
        if (value == null) {
            attributes.remove(name);
            return;
        }
        byte[] unsealed = attributes.encodeAtSet(name, value);
        attributes.set(name, value, unsealed, unsealed == null ? null : engine.codec().seal(id, name, unsealed));
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
        if (!persisted || engine.store().delete(id)) {
            engine.metrics().sessionInvalidated();
            destroy();
        } else {
            valid = false;
        }
    }

    /** Fires the destruction events and marks the session invalid. Used by invalidation and by the reaper. */
    synchronized void destroy() {
        engine.notify("sessionDestroyed", () -> engine.listener().sessionDestroyed(this));
        valid = false;
        for (String name : attributes.names()) {
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
            attributes.rebindAll();
        }
        id = newId;
        principalIndexDue |= principal != null;
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
        Map<String, byte[]> set = attributes.changed(persisted, engine.config().saveMode());
        Set<String> removals = persisted ? attributes.removed() : Set.of();
        if (persisted && set.isEmpty() && removals.isEmpty() && !metadataDirty) {
            return null;
        }
        long total = attributes.totalBytesAfter(set);
        if (total > engine.config().maxSessionBytes()) {
            throw new SessionTooLargeException("Session " + LogIds.hash(id) + " would be " + total
                    + " bytes, over maxSessionBytes=" + engine.config().maxSessionBytes() + "; nothing was saved. "
                    + "Largest attributes: " + attributes.largest(set));
        }
        Instant expiresAt = engine.expiries().expiresAt(created, now, maxInactive);
        SessionChange.Kind kind = persisted ? SessionChange.Kind.UPDATE : SessionChange.Kind.CREATE;
        return new SessionChange(kind, id, now, created, now, maxInactive, expiresAt, principal, set, removals);
    }

    /** Takes in a written change (its bytes become the stored ones); true when the principal needs indexing. */
    synchronized boolean saved(SessionChange change) {
        persisted = true;
        metadataDirty = false;
        lastAccessed = change.lastAccessed();
        attributes.saved(change.setAttributes());
        boolean indexDue = principalIndexDue && principal != null;
        principalIndexDue = false;
        return indexDue;
    }

    /** At the end of a request: hands values equal to the stored ones to {@code reusable} (none if invalid). */
    synchronized void keepReusable(ReusableValues reusable) {
        if (valid) {
            attributes.keepReusable(reusable, id);
        }
    }

    /** The stored bytes of each attribute as this request knows them: loaded, or written by its last save. */
    synchronized Map<String, byte[]> storedAttributes() {
        return attributes.stored();
    }

    /** The bytes of the session's attributes as stored (after its last save), for metrics. */
    synchronized long storedBytes() {
        return attributes.totalBytesAfter(Map.of());
    }

    /** What this request last knew the store to hold for each of {@code names}, a zero-length array for none. */
    synchronized Map<String, byte[]> knownStored(Set<String> names) {
        return attributes.knownStored(names);
    }

    /** Marks the session invalid without events: another node destroyed it. */
    synchronized void markGone() {
        valid = false;
    }

    private void removeAndNotify(String name) {
        if (name == null || !attributes.contains(name)) {
            return;
        }
        Object old = attributes.value(name);
        attributes.remove(name);
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
