package dev.baton.core.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Store URI helpers shared by the stores. Not API. */
public final class StoreUris {

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.:-]*://)([^@/?#]*)@");
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)([?&;](?:password|pwd|sslpassword|secret)=)([^&;]*)");

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
        return colon <= 0 ? "" : uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The URI with its password masked, safe for logs and messages: {@code redis://user:****@host},
     * {@code redis://****@host}, {@code jdbc:postgresql://h/db?password=****}.
     *
     * @param uri the store URI, or {@code null}
     * @return the masked form
     */
    public static String mask(String uri) {
        if (uri == null) {
            return "null";
        }
        String masked = uri;
        Matcher userInfo = USER_INFO.matcher(masked);
        if (userInfo.find()) {
            String info = userInfo.group(2);
            int colon = info.indexOf(':');
            String replacement = colon >= 0 ? info.substring(0, colon) + ":****" : "****";
            masked = userInfo.group(1) + replacement + "@" + masked.substring(userInfo.end());
        }
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1****");
    }
}
