/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.servlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 written byte by byte over a socket, for requests a well-behaved client refuses to send: cookie values with
 * control characters, NUL or bytes above 0x7F.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response's status and headers. @param status the status code @param headers the header lines, as sent */
    public record Response(int status, List<String> headers) {

        /** The value a {@code Set-Cookie} header gives the cookie {@code name}, if one does. @param name its name */
        public Optional<String> setCookie(String name) {
            String prefix = "set-cookie: " + name.toLowerCase(Locale.ROOT) + "=";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).split(";", 2)[0].trim()).findFirst();
        }

        /** The names of every cookie a {@code Set-Cookie} header sets. */
        public List<String> setCookieNames() {
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("set-cookie:"))
                    .map(h -> h.substring("set-cookie:".length()).split("=", 2)[0].trim()).toList();
        }
    }

    /**
     * Sends {@code GET path} with the header {@code Cookie: name=value}, the value's bytes exactly as given, and
     * reads the response's status line and headers.
     *
     * @param node the node
     * @param path the path
     * @param cookieName the cookie's name
     * @param cookieValue the cookie value's raw bytes; must not hold CR or LF, which would end the header
     * @return the response
     */
    public static Response getWithCookie(Node node, String path, String cookieName, byte[] cookieValue) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nConnection: close\r\n"
                + "Cookie: " + cookieName + "=").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(cookieValue);
        request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return readHead(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            line.reset();
            if (text.isEmpty()) {
                break;
            }
            lines.add(text);
        }
        if (lines.isEmpty()) {
            throw new IOException("the server closed the connection without a response");
        }
        int status = Integer.parseInt(lines.get(0).split(" ", 3)[1]);
        return new Response(status, List.copyOf(lines.subList(1, lines.size())));
    }
}
