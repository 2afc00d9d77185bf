/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Saves an async request's session when the request completes, after a timeout or an error as well (the container
 * calls {@code onComplete} after those), and follows the request into a later {@code startAsync}.
 */
public final class SaveOnAsyncComplete implements AsyncListener {

    private final Runnable save;

    /**
     * @param save saves the session (and releases its lock)
     */
    public SaveOnAsyncComplete(Runnable save) {
        this.save = requireNonNull(save, "save");
    }

    @Override
    public void onComplete(AsyncEvent event) {
        save.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // onComplete follows.
    }

    @Override
    public void onError(AsyncEvent event) {
        // onComplete follows.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
    }
}
