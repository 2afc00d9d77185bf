/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the deployed web app's listeners report: on the test's class loader, so that every copy of the web app's
 * classes, each on its own web app loader, writes to this one list.
 */
public final class WebAppEvents {

    /** Every event, as {@code <node> <how the listener was declared> <event>}. Tests clear it first. */
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    private WebAppEvents() {
    }
}
