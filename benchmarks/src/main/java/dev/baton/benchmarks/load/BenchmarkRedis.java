/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import dev.baton.redis.internal.RedisKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** The benchmark's own Redis connection: plain RESP over a socket, to stay out of the variants' clients. */
final class BenchmarkRedis {
    private final String host;
    private final int port;
    private final int db;

    BenchmarkRedis(String uri) {
        URI parsed = URI.create(uri);
        host = parsed.getHost();
        port = parsed.getPort() < 0 ? 6379 : parsed.getPort();
        String path = parsed.getPath();
        db = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    void command(String... words) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(resp("SELECT", Integer.toString(db)));
            out.write(resp(words));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            in.readLine();
            String reply = in.readLine();
            if (reply == null || reply.startsWith("-")) {
                throw new IOException("Redis answered " + reply + " to " + String.join(" ", words));
            }
        }
    }

    /** The CPU time Redis has used so far (user and system), in seconds. */
    double cpuSeconds() throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.getOutputStream().write(resp("INFO", "cpu"));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] body = new char[length];
            for (int read = 0; read < length; ) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new IOException("Redis closed the connection during INFO");
                }
                read += n;
            }
            double seconds = 0;
            for (String line : new String(body).split("\r\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
            return seconds;
        }
    }

    /**
     * Makes Redis hold {@code target} other users' sessions where it holds {@code present}: adds or removes them
     * (pipelined), each a hash shaped as a Baton session in the store's key layout, with its TTL and its entry in
     * the expiry index.
     *
     * @return {@code target}
     */
    int resizeOthers(String keyPrefix, int present, int target) throws IOException {
        RedisKeys keys = new RedisKeys(keyPrefix, 1);
        String index = new String(keys.index(0), StandardCharsets.UTF_8);
        String expires = Long.toString(System.currentTimeMillis() + Duration.ofHours(2).toMillis());
        String filler = "x".repeat(400);
        try (Socket socket = new Socket(host, port)) {
            OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8), 1 << 16);
            out.write(resp("SELECT", Integer.toString(db)));
            int pending = 1;
            for (int i = Math.min(present, target); i < Math.max(present, target); i++) {
                String id = String.format("%043d", i);
                String hash = new String(keys.session(id), StandardCharsets.UTF_8);
                if (target > present) {
                    out.write(resp("HSET", hash, "m:version", "1", "m:created", expires,
                            "m:lastAccess", expires, "m:maxInactive", "1800000", "m:expiresAt", expires,
                            "a:user", "user" + i, "a:cart", filler, "a:prefs", filler, "a:blob", filler,
                            "a:counter", "1"));
                    out.write(resp("PEXPIREAT", hash, expires));
                    out.write(resp("ZADD", index, expires, id));
                    pending += 3;
                } else {
                    out.write(resp("UNLINK", hash));
                    out.write(resp("ZREM", index, id));
                    pending += 2;
                }
                if (pending >= 10_000) {
                    out.flush();
                    for (; pending > 0; pending--) {
                        in.readLine();
                    }
                }
            }
            out.flush();
            for (; pending > 0; pending--) {
                in.readLine();
            }
        }
        return target;
    }

    /**
     * Commands the node sends per request, seen by MONITOR over {@code requests} sequential requests. The expiry
     * reaper's poll of its index ({@code ZCOUNT}, once a {@code reapInterval} per node, not per request) is left
     * out when it falls in the window.
     */
    double commandsPerRequest(int nodePort, String workload, SessionShape size, String cookie, int requests,
            String keyPrefix) throws Exception {
        AtomicInteger commands = new AtomicInteger();
        String reaperPoll = "] \"zcount\" \"" + new String(new RedisKeys(keyPrefix, 1).index(0),
                StandardCharsets.UTF_8) + "\"";
        Pattern fromClient = Pattern.compile("\\[\\d+ \\d+\\.\\d+\\.\\d+\\.\\d+:\\d+\\]");
        try (Socket socket = new Socket(host, port)) {
            socket.getOutputStream().write(resp("MONITOR"));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            in.readLine();
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        // Not the reaper's poll, nor the invalidation feed's heartbeat: neither is per request.
                        if (fromClient.matcher(line).find() && !line.contains(reaperPoll)
                                && !line.toLowerCase(Locale.ROOT).endsWith("] \"ping\"")) {
                            commands.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // The socket was closed: done.
                }
            });
            reader.start();
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < requests; i++) {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort + "/" + workload + "?size="
                        + size.label))
                        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.discarding());
            }
            Thread.sleep(500);
            socket.close();
            reader.join(2000);
        }
        return commands.get() / (double) requests;
    }

    private static byte[] resp(String... words) {
        StringBuilder text = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            text.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
