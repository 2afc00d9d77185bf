/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat.webapp;

/** Added by {@link ListenerInitializer} through {@code ServletContext.addListener}. */
public final class AddedListener extends RecordingListener {

    public AddedListener() {
        super("addListener");
    }
}
