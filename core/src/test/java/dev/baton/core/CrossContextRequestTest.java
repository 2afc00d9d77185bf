/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.core.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionRequest#crossContext}: the session a web app keeps for another web app's session, reached through a
 * container's cross-context dispatch. Two web apps share one store here, as web apps that name the same store do.
 */
class CrossContextRequestTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySessionStore store = new InMemorySessionStore(clock);
    private final SessionEngine including = engine("/a");
    private final SessionEngine target = engine("/b");
    private final SessionEngine targetOnAnotherNode = engine("/b");

    private SessionEngine engine(String application) {
        return SessionEngine.builder(BatonConfig.builder().store("memory:").build()).store(store).clock(clock)
                .application(application).build();
    }

    @AfterEach
    void close() {
        including.close();
        target.close();
        targetOnAnotherNode.close();
    }

    private String includingSession() {
        SessionRequest request = including.newRequest(null);
        request.getSession(true).setAttribute("owner", "a");
        request.save();
        return request.idToSend().orElseThrow();
    }

    @Test
    void crossContextWhenCreatedThenItsOwnWellFormedIdNotTheIncludingSessionsOne() {
        String otherId = includingSession();

        SessionRequest dispatch = SessionRequest.crossContext(target, otherId);
        BatonSession session = dispatch.getSession(true);
        session.setAttribute("owner", "b");
        dispatch.save();

        assertThat(session.getId()).isNotEqualTo(otherId);
        assertThat(SessionIds.isWellFormed(session.getId())).isTrue();
        assertThat(dispatch.idToSend()).isEmpty();
        SessionRequest next = including.newRequest(otherId);
        assertThat(next.getSession(false).getAttribute("owner")).isEqualTo("a");
    }

    @Test
    void crossContextWhenCreatedThenTheSameWebAppOnAnotherNodeFindsItFromTheSameOtherId() {
        String otherId = includingSession();
        SessionRequest dispatch = SessionRequest.crossContext(target, otherId);
        dispatch.getSession(true).setAttribute("owner", "b");
        dispatch.save();

        SessionRequest later = SessionRequest.crossContext(targetOnAnotherNode, otherId);

        assertThat(later.getSession(false).getAttribute("owner")).isEqualTo("b");
    }

    @Test
    void crossContextWhenAnotherWebAppAsksWithTheSameOtherIdThenItDoesNotSeeTheSession() {
        String otherId = includingSession();
        SessionRequest dispatch = SessionRequest.crossContext(target, otherId);
        dispatch.getSession(true);
        dispatch.save();

        try (SessionEngine elsewhere = engine("/c")) {
            SessionRequest fromElsewhere = SessionRequest.crossContext(elsewhere, otherId);

            assertThat(fromElsewhere.getSession(false)).isNull();
        }
    }

    @Test
    void crossContextWhenInvalidatedThenNextDispatchCreatesAFreshSessionUnderTheSameId() {
        String otherId = includingSession();
        SessionRequest first = SessionRequest.crossContext(target, otherId);
        BatonSession created = first.getSession(true);
        created.setAttribute("k", "v");
        first.save();
        SessionRequest second = SessionRequest.crossContext(target, otherId);
        second.getSession(false).invalidate();
        assertThat(second.isRequestedIdValid()).isFalse();

        BatonSession again = second.getSession(true);
        second.save();

        assertThat(again.getId()).isEqualTo(created.getId());
        assertThat(again.getAttributeNames()).isEmpty();
        assertThat(SessionRequest.crossContext(target, otherId).getSession(false)).isNotNull();
    }
}
