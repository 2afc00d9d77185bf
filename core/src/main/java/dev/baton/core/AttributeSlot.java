/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.codec.GraphSnapshot;
import java.util.Arrays;

/**
 * One attribute of a session as a request holds it: the stored bytes, what was decoded from them, and what this
 * request set. Not thread-safe: guarded by its session.
 */
final class AttributeSlot {

    /** How far the stored bytes have been read. */
    enum State {
        /** Not decoded yet: the stored bytes only. */
        STORED,
        /** Decoded, or set in this request: {@link #value} holds it. */
        DECODED,
        /** The bytes failed to authenticate or decode: the attribute reads as absent and is never written back. */
        UNDECODABLE
    }

    State state = State.STORED;
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
    /** What {@link #value} encoded to when the last save checked it (unencrypted), or {@code null} if not checked. */
    byte[] checked;
    /** What {@link #value}'s graph was when it encoded to {@link #snapshotOf} (unencrypted), or {@code null}. */
    GraphSnapshot snapshot;
    byte[] snapshotOf;
    /** Set in this request. */
    boolean set;
    /** Not decoded, but {@code unsealed} must be sealed again under a new session ID at the save. */
    boolean rebind;

    /** {@return the snapshot of the value's graph when it encoded to exactly the array {@code bytes}, or null} */
    GraphSnapshot snapshotFor(byte[] bytes) {
        return bytes != null && bytes == snapshotOf ? snapshot : null;
    }

    /** Records that the value's graph was {@code taken} (or unknown, for {@code null}) when it encoded to {@code of}. */
    void snapshot(GraphSnapshot taken, byte[] of) {
        snapshot = taken;
        snapshotOf = taken == null ? null : of;
    }

    /** {@return whether the value's graph is as recorded when it last decoded from, or encoded to, {@link #unsealed}} */
    boolean graphUnchanged() {
        GraphSnapshot known = snapshotFor(unsealed);
        return known != null && known.retake(value) == known;
    }

    /** {@return whether the value is decoded and, at the last save, encoded to what the store now holds} */
    boolean reusable() {
        return state == State.DECODED && checked != null && unsealed != null && Arrays.equals(checked, unsealed);
    }

    /** The bytes this attribute takes in the store after the save in progress. */
    long size() {
        byte[] bytes = pending != null ? pending : stored;
        return bytes == null ? 0 : bytes.length;
    }

    /** Takes a value set in this request, already encoded and sealed for {@code sessionId}. */
    void set(Object newValue, byte[] newUnsealed, byte[] sealed, String sessionId) {
        value = newValue;
        state = State.DECODED;
        set = true;
        pending = sealed;
        pendingUnsealed = newUnsealed;
        pendingForId = sessionId;
    }

    /** Forgets a value set in this request whose encoding equals the stored one: there is nothing to write. */
    void unchanged() {
        pending = null;
        pendingUnsealed = null;
        set = false;
    }

    /** Records that {@code bytes} were written: they become the stored ones. */
    void saved(byte[] bytes) {
        stored = bytes;
        unsealed = saving;
        saving = null;
        pending = null;
        pendingUnsealed = null;
        set = false;
        rebind = false;
    }
}
