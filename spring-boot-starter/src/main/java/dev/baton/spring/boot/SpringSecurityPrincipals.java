/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.spring.boot;

import dev.baton.servlet.BatonHttpSession;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;

/**
 * Records Spring Security's authenticated user as the principal of Baton's session, for {@code SessionAdmin} and
 * {@link BatonSessionRepository}: Spring Security signs a user in inside its own filter chain, behind Baton's filter,
 * so the container's {@code getUserPrincipal()} never shows that user.
 *
 * <p>It listens to the session's attributes, as Spring Session's principal name resolution reads them: when the app
 * sets Spring Session's explicit principal attribute ({@code FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME},
 * a {@code String}), that name wins; otherwise when Spring Security stores its {@code SecurityContext} in the session
 * ({@code SPRING_SECURITY_CONTEXT}, at login), the name of its authentication. The name then travels with the
 * request's own save, the one that writes the security context: no store call of its own, and nothing at all on the
 * requests that leave those attributes alone. Removing the attribute (without invalidating) clears the principal.
 * Anonymous authentication is no principal.
 */
final class SpringSecurityPrincipals implements HttpSessionAttributeListener {

    /** Where Spring Security's {@code HttpSessionSecurityContextRepository} keeps the context, by default. */
    static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";
    /** Spring Session's explicit principal attribute, {@code FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME}. */
    static final String PRINCIPAL_NAME = "org.springframework.session.FindByIndexNameSessionRepository"
            + ".PRINCIPAL_NAME_INDEX_NAME";

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        changed(event);
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        changed(event);
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        changed(event);
    }

    /** Re-resolves the principal when one of the two attributes changed; the event's value may be the old one. */
    private static void changed(HttpSessionBindingEvent event) {
        String name = event.getName();
        if ((SECURITY_CONTEXT.equals(name) || PRINCIPAL_NAME.equals(name))
                && event.getSession() instanceof BatonHttpSession session && session.batonSession().isValid()) {
            session.batonSession().setPrincipalName(principalOf(session));
        }
    }

    /**
     * The principal Spring Session would resolve from a session's attributes.
     *
     * @param session the session
     * @return the name, or {@code null} for none
     */
    static String principalOf(HttpSession session) {
        if (session.getAttribute(PRINCIPAL_NAME) instanceof String explicit) {
            return explicit;
        }
        if (session.getAttribute(SECURITY_CONTEXT) instanceof SecurityContext context) {
            Authentication authentication = context.getAuthentication();
            if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)) {
                return authentication.getName();
            }
        }
        return null;
    }
}
