package dev.baton.core;

/** The outcome of {@link SessionStore#save(SessionChange)}. */
public enum SaveResult {
    /** The change was written. */
    SAVED,
    /**
     * The change was an {@link SessionChange.Kind#UPDATE} of a session that no longer exists (invalidated, reaped,
     * or expired at the time of the save); nothing was written.
     */
    GONE
}
