/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import dev.baton.core.AttributeDecodingException.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports attributes whose stored bytes can't be decoded: counts every failure, and warns once per session and
 * attribute on this node (later failures of the same one are logged at DEBUG), so that a value no request can read
 * does not log again on every request for the rest of its session's life. Remembers the last
 * {@value #REMEMBERED} session and attribute pairs it warned of, by hashed ID. Thread-safe.
 */
final class DecodeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);
    /** How many session and attribute pairs already warned of are remembered; the oldest is forgotten first. */
    static final int REMEMBERED = 10_000;

    private final LongAdder count = new LongAdder();
    private final SessionMetrics.Recorder metrics;
    private final Map<String, Boolean> warned = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    DecodeFailures(SessionMetrics.Recorder metrics) {
        this.metrics = metrics;
    }

    /** How many attribute values failed to decode since start. */
    long count() {
        return count.sum();
    }

    void report(String sessionId, AttributeDecodingException e) {
        count.increment();
        metrics.decodeFailed(e.reason());
        String session = LogIds.hash(sessionId);
        boolean first;
        synchronized (warned) {
            first = warned.put(session + '\u0000' + e.attributeName(), Boolean.TRUE) == null;
        }
        boolean security = e.reason() == Reason.AUTHENTICATION_FAILED || e.reason() == Reason.CLASS_NOT_ALLOWED
                || e.reason() == Reason.UNKNOWN_KEY;
        if (first && security) {
            LOG.warn("SECURITY: attribute '{}' of session {} was refused and dropped: {}", e.attributeName(),
                    session, e.getMessage());
        } else if (first) {
            LOG.warn("Attribute '{}' of session {} can't be decoded and was dropped: {}", e.attributeName(),
                    session, e.getMessage());
        } else {
            LOG.debug("Attribute '{}' of session {} can't be decoded again and was dropped: {}", e.attributeName(),
                    session, e.getMessage());
        }
    }
}
