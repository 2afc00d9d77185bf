/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The floor: Tomcat's in-memory sessions plus exactly the store traffic an ideal replicating library needs and
 * nothing else, on one shared Lettuce connection: one {@code HGETALL} of a ~2 KB hash for each request that uses its
 * session, and for each write one script that sets a field and the TTL. No serialization, no bookkeeping. Its
 * client is tuned as Baton's is.
 */
final class FloorFilter implements Filter, AutoCloseable {

    private static final byte[] SCRIPT = ("redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1").getBytes(StandardCharsets.UTF_8);

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final String sha;

    FloorFilter(String redisUri) {
        client = RedisClient.create(redisUri);
        // As Baton's client: no per-command timer (the synchronous API still bounds each wait).
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.create()).build());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
        sha = redis.scriptLoad(SCRIPT);
    }

    /** Writes the ~2 KB hash a session's reads fetch. */
    private void populate(String sessionId) {
        byte[] key = key(sessionId);
        for (int i = 0; i < 5; i++) {
            redis.hset(key, ("attr" + i).getBytes(StandardCharsets.UTF_8), new byte[400]);
        }
        redis.pexpire(key, 1_800_000);
    }

    private static byte[] key(String sessionId) {
        return ("baton-floor:s:{" + sessionId + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI();
        String id = sessionCookie(http);
        if (id != null && !path.equals("/none") && !path.equals("/setup")) {
            redis.hgetall(key(id));
        }
        chain.doFilter(request, response);
        if (path.equals("/setup")) {
            populate(http.getSession().getId());
        }
        if (id != null && (path.equals("/write") || path.equals("/mutate"))) {
            redis.evalsha(sha, ScriptOutputType.INTEGER, new byte[][] {key(id)},
                    "cart".getBytes(StandardCharsets.UTF_8), new byte[200],
                    "1800000".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals("JSESSIONID")) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
