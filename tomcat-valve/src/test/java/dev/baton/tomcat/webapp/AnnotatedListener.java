/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat.webapp;

import jakarta.servlet.annotation.WebListener;

/** Found by Tomcat's annotation scanning of {@code WEB-INF/classes}. */
@WebListener
public final class AnnotatedListener extends RecordingListener {

    public AnnotatedListener() {
        super("@WebListener");
    }
}
