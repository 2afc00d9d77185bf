/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import java.time.Duration;

/** The {@code HttpSession} view of a session's timeout. */
public final class SessionIntervals {

    private SessionIntervals() {
    }

    /**
     * The interval as {@code getMaxInactiveInterval()} returns it: whole seconds as last set, as Tomcat's
     * {@code StandardSession} keeps it (0 stays 0, a negative value stays), clamped to the range of an {@code int}.
     *
     * @param interval the session's timeout
     * @return seconds
     */
    public static int seconds(Duration interval) {
        long seconds = interval.getSeconds();
        return (int) Math.max(Integer.MIN_VALUE, Math.min(seconds, Integer.MAX_VALUE));
    }
}
