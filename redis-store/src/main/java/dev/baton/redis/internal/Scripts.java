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

    /** One script. @param body its source @param sha its SHA-1, as Redis names it */
    public record Script(byte[] body, String sha) {
    }

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

    /** The body as text, for EVAL. @param script the script @return its source */
    public static String text(Script script) {
        return new String(script.body(), StandardCharsets.UTF_8);
    }
}
