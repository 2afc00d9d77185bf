/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Store URIs as a store meets them: the scheme that picks the store, and the masked form, the only one a log line or an
 * exception message may show (every password, key and token hidden, whatever form the user typed). Part of the store
 * SPI, beside {@link StoreContext#maskedUri()}, for URIs a store derives from its own.
 */
public final class StoreUris {

    /**
     * A parameter that holds a secret, in any of the forms JDBC drivers and Redis URIs take ({@code ?a=b&c=d},
     * {@code ;a=b}, {@code (a=b)}): its name contains password, passwd, pwd, secret, token, credential or key.
     */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;(][^=&;?#()]*(?:password|passwd|pwd|secret|token|credential|key)[^=&;?#()]*=)([^&;#()]*)");

    private StoreUris() {
    }

    /**
     * The scheme that selects a store: the text before the first {@code ':'}, lower-cased ({@code jdbc} for every
     * JDBC URL).
     *
     * @param uri the store URI
     * @return the scheme, or {@code ""} when there is none
     */
    public static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon <= 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /**
     * The URI with its secrets masked, safe for logs and messages, whatever its form: the password of the user info
     * ({@code redis://user:****@host}, {@code redis://****@host}), which runs to the <em>last</em> {@code '@'} as
     * the parsers read it; everything before the last {@code '@'} of a value without {@code "://"}
     * ({@code ****@host:6379}, Oracle's {@code ****@db:1521:orcl}); and every parameter whose name says it holds a
     * secret ({@code password}, {@code trustStorePassword}, {@code pwd}, {@code sslKey}, ...). It may hide more than
     * the secret when a query holds an {@code '@'}, never less.
     *
     * @param uri the store URI, or {@code null}
     * @return the masked form
     */
    public static String mask(String uri) {
        if (uri == null) {
            return "null";
        }
        // Parameters first: a password there may hold an '@', which would pass for the end of the user info.
        String masked = SECRET_PARAM.matcher(uri).replaceAll("$1****");
        int at = masked.lastIndexOf('@');
        if (at >= 0) {
            int authority = masked.indexOf("://");
            if (authority >= 0 && authority < at) {
                String info = masked.substring(authority + 3, at);
                int colon = info.indexOf(':');
                String user = colon >= 0 ? info.substring(0, colon + 1) : "";
                masked = masked.substring(0, authority + 3) + user + "****" + masked.substring(at);
            } else {
                masked = "****" + masked.substring(at);
            }
        }
        return masked;
    }
}
