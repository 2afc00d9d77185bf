/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.Map;

/**
 * The rules that span keys, checked when a {@link BatonConfig} is built ({@link ConfigKey} checks each key alone):
 * settings that contradict each other fail with an {@link IllegalStateException} that names both.
 */
final class ConfigRules {

    private ConfigRules() {
    }

    /**
     * Checks the values set.
     *
     * @param values the values set, by key
     * @param sources where each came from
     * @throws IllegalStateException when settings conflict
     */
    static void check(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> sources) {
        if (Boolean.TRUE.equals(values.get(ConfigKey.COOKIE_HOST_PREFIX))) {
            if (values.containsKey(ConfigKey.COOKIE_DOMAIN)) {
                throw new IllegalStateException("cookieHostPrefix=true (" + sources.get(ConfigKey.COOKIE_HOST_PREFIX)
                        + ") conflicts with cookieDomain: a __Host- cookie can't have a Domain");
            }
            if (values.get(ConfigKey.COOKIE_SECURE) == CookieSecure.NEVER) {
                throw new IllegalStateException("cookieHostPrefix=true (" + sources.get(ConfigKey.COOKIE_HOST_PREFIX)
                        + ") conflicts with cookieSecure=false: a __Host- cookie must be Secure");
            }
        }
        if (values.get(ConfigKey.COOKIE_SAME_SITE) == SameSite.NONE
                && values.get(ConfigKey.COOKIE_SECURE) == CookieSecure.NEVER) {
            throw new IllegalStateException(
                    "cookieSameSite=None conflicts with cookieSecure=false: browsers drop such cookies");
        }
        boolean uriMode = values.get(ConfigKey.LOCK_MODE) == LockMode.URI;
        if (uriMode && !values.containsKey(ConfigKey.LOCK_URIS)) {
            throw new IllegalStateException("lockMode=uri (" + sources.get(ConfigKey.LOCK_MODE)
                    + ") requires lockUris: the regular expressions of the paths that lock");
        }
        if (!uriMode && values.containsKey(ConfigKey.LOCK_URIS)) {
            throw new IllegalStateException("lockUris (" + sources.get(ConfigKey.LOCK_URIS)
                    + ") is set but lockMode is not uri: set lockMode=uri, or remove lockUris");
        }
    }
}
