/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import dev.baton.core.SessionRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import java.util.Arrays;
import org.apache.catalina.Context;

/**
 * Saves the request's session before Tomcat's FORM authenticator writes the login or error page.
 *
 * <p>The authenticator forwards to those pages through Tomcat's own response object, not the one the valve wrapped
 * (so not through {@code SaveBeforeCommitResponse}), and the forward commits the response before the pipeline returns
 * to the valve. Without this, the login page and its new session cookie reached the browser before the session, with
 * the request to replay after the login, was in the store, and a login posted at once (a password manager, a script)
 * found no session on either node. Before each such forward the authenticator tells the web app's request listeners
 * ({@code requestInitialized}); this is one of them, installed by {@link BatonSessionManager}. When Tomcat fires it
 * for a new request, before the valve runs, no Baton request is bound to the thread and it does nothing.
 *
 * <p>A store outage here makes Tomcat skip the forward and record the failure as the request's error, which the valve
 * answers with 503.
 */
final class SaveBeforeAuthenticatorForward implements ServletRequestListener {

    private final BatonSessionManager manager;

    private SaveBeforeAuthenticatorForward(BatonSessionManager manager) {
        this.manager = manager;
    }

    /**
     * Adds the listener to the context's request listeners, after the web app's own. Tomcat rebuilds that list when
     * the context starts, before it starts the manager, which calls this.
     */
    static void install(Context context, BatonSessionManager manager) {
        Object[] listeners = context.getApplicationEventListeners();
        Object[] withSave = Arrays.copyOf(listeners == null ? new Object[0] : listeners,
                listeners == null ? 1 : listeners.length + 1);
        withSave[withSave.length - 1] = new SaveBeforeAuthenticatorForward(manager);
        context.setApplicationEventListeners(withSave);
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        SessionRequest request = manager.current();
        if (request != null) {
            request.save();
        }
    }
}
