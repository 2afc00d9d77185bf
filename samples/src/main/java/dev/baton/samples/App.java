/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which app the sample cluster's nodes run ({@code --app}). */
enum App {
    /** The servlet shop ({@link ShopServlet}) on embedded Tomcat, with Baton's filter or Tomcat manager. */
    SHOP,
    /** The Spring Boot shop ({@link dev.baton.samples.boot.BootShop}) with Baton's starter and Spring Security. */
    BOOT;

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /**
     * @param text {@code shop} or {@code boot}
     * @return the app
     * @throws IllegalArgumentException naming the choices for anything else
     */
    static App parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--app is shop or boot, not " + text, e);
        }
    }

    /**
     * The CSRF token in a Boot shop page's form.
     *
     * @param html the page
     * @return the token's value
     * @throws IllegalStateException when the page has no form with one
     */
    static String csrfToken(String html) {
        Matcher field = CSRF_FIELD.matcher(html);
        if (!field.find()) {
            throw new IllegalStateException("the page has no _csrf field");
        }
        return field.group(1);
    }
}
