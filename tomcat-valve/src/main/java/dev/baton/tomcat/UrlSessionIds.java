/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionTrackingMode;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.core.ApplicationContext;
import org.apache.catalina.core.StandardContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session IDs in URLs ({@code ;jsessionid=}), as OWASP advises: off unless the web app asks for URL tracking
 * ({@code <tracking-mode>URL</tracking-mode>} in {@code web.xml}, or {@code ServletContext.setSessionTrackingModes}).
 * Tomcat's own default has them on, so that a link an attacker sends could plant a session in the victim's browser.
 */
final class UrlSessionIds {

    private static final Logger LOG = LoggerFactory.getLogger(UrlSessionIds.class);

    private UrlSessionIds() {
    }

    /**
     * Takes URL tracking out of the context's session tracking modes unless the app chose modes itself. Called while
     * the context starts, after its {@code web.xml}, initializers and listeners.
     *
     * @param context the starting context
     */
    static void disableUnlessAsked(Context context) {
        ServletContext servletContext = context.getServletContext();
        Set<SessionTrackingMode> modes = servletContext.getEffectiveSessionTrackingModes();
        if (!modes.contains(SessionTrackingMode.URL) || appChoseModes(context)) {
            return;
        }
        EnumSet<SessionTrackingMode> withoutUrl = EnumSet.copyOf(modes);
        withoutUrl.remove(SessionTrackingMode.URL);
        servletContext.setSessionTrackingModes(withoutUrl);
        LOG.debug("Session IDs in URLs are off for {}: the web app did not ask for URL tracking", context.getName());
    }

    /**
     * Whether the app set its tracking modes. Tomcat tells only through its {@code ApplicationContext}'s field (the
     * effective modes are the default until set, and an app may set the default's very modes); where that field can't
     * be read, modes that differ from the container's default are the app's.
     */
    private static boolean appChoseModes(Context context) {
        try {
            Field applicationContext = StandardContext.class.getDeclaredField("context");
            applicationContext.setAccessible(true);
            Field chosen = ApplicationContext.class.getDeclaredField("sessionTrackingModes");
            chosen.setAccessible(true);
            return chosen.get(applicationContext.get(context)) != null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            ServletContext servletContext = context.getServletContext();
            return !servletContext.getEffectiveSessionTrackingModes().equals(
                    servletContext.getDefaultSessionTrackingModes());
        }
    }
}
