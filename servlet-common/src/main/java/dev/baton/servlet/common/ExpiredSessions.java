/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.common;

import dev.baton.core.SessionEngine;
import dev.baton.core.SessionStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the reaper: destroys the expired sessions the store hands to this node. The filter runs it on its own
 * thread, the Tomcat manager in Tomcat's background processing.
 */
public final class ExpiredSessions {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredSessions.class);

    private ExpiredSessions() {
    }

    /**
     * Reaps once. A store failure is logged as a warning and the round skipped: the next round takes what this one
     * left.
     *
     * @param engine the web app's engine
     * @return how many sessions this node destroyed
     */
    public static int reap(SessionEngine engine) {
        try {
            return engine.reapExpired();
        } catch (SessionStoreException e) {
            LOG.warn("Expired sessions could not be reaped this round: {}", e.getMessage());
            return 0;
        }
    }
}
