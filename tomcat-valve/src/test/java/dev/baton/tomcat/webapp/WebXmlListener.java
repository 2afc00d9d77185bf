/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat.webapp;

/** Declared by a {@code <listener>} element of {@code WEB-INF/web.xml}. */
public final class WebXmlListener extends RecordingListener {

    public WebXmlListener() {
        super("web.xml");
    }
}
