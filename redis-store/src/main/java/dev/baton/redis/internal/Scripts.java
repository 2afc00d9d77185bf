/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script shipped in the jar, with its SHA-1 for EVALSHA. Not API. */
public final class Scripts {

    /**
     * One script.
     *
     * @param body its source
     * @param sha its SHA-1, as Redis names it
     */
    public record Script(byte[] body, String sha) {
    }

    /**
     * save.lua's reply when the change was written (and the caller's lock released): at least this, the session's
     * version after the change.
     */
    public static final long SAVE_SAVED_FROM = 1;
    /** save.lua's reply: the session is absent or expired; nothing was written. */
    public static final long SAVE_GONE = 0;
    /** save.lua's reply: another request holds the session's lock since; nothing was written. */
    public static final long SAVE_FENCED = -1;
    /** save.lua's reply: a late change's expected attribute bytes are no longer stored; nothing was written. */
    public static final long SAVE_STALE = -2;
    /** lock.lua's first reply element: the session is absent or expired. */
    public static final long LOCK_ABSENT = 0;
    /** lock.lua's first reply element: another request holds the lock, until the second element (epoch ms). */
    public static final long LOCK_BUSY = 1;
    /** lock.lua's first reply element: locked; the fence and the session's hash follow. */
    public static final long LOCK_ACQUIRED = 2;
    /** The reply of the scripts that answer yes or no (renew, rename, delete, copy, retire): they did it. */
    public static final long DONE = 1;

    private Scripts() {
    }

    /**
     * Reads {@code dev/baton/redis/<name>.lua}.
     *
     * @param name the script's name
     * @return the script
     */
    public static Script load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream("/dev/baton/redis/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script " + name + ".lua is missing from the jar");
            }
            byte[] body = in.readAllBytes();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
            return new Script(body, sha);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body as text, for EVAL.
     *
     * @param script the script
     * @return its source
     */
    public static String text(Script script) {
        return new String(script.body(), StandardCharsets.UTF_8);
    }
}
