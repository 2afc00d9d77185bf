/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.benchmarks.load;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
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
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor: Tomcat's in-memory sessions plus exactly the store traffic an ideal replicating library needs and
 * nothing else, on one shared Lettuce connection: one {@code HGETALL} of a hash as large as the session (its
 * attributes encoded once with Kryo when it is set up) for each request that uses its session, and for each
 * {@code write} or {@code mutate} one script that sets the cart's field and the TTL. No bookkeeping. Its client is
 * tuned as Baton's is.
 *
 * <p>Without serialization (today's floor) the script sends the bytes the cart had at set-up, encoding nothing per
 * request. With serialization ({@code encode}), each {@code write} or {@code mutate} encodes the cart once with Kryo
 * (registration not required, no references, one instance and buffer per thread) and sends those bytes: the least a
 * library that writes the change has to do. Neither decodes anything.
 */
final class FloorFilter implements Filter, AutoCloseable {

    private static final byte[] SCRIPT = ("redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1").getBytes(StandardCharsets.UTF_8);
    private static final ThreadLocal<Kryo> KRYO = ThreadLocal.withInitial(() -> {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        return kryo;
    });
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(() -> new Output(16 * 1024, -1));

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final String sha;
    private final boolean encode;
    /** Each session's cart as encoded at set-up, which the floor without serialization sends on every write. */
    private final Map<String, byte[]> setUpCarts = new ConcurrentHashMap<>();

    /**
     * @param redisUri the Redis to write to
     * @param encode whether each write encodes the changed attribute (the serialization-inclusive floor)
     */
    FloorFilter(String redisUri, boolean encode) {
        this.encode = encode;
        client = RedisClient.create(redisUri);
        // As Baton's client: no per-command timer (the synchronous API still bounds each wait).
        client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.create()).build());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        redis = connection.sync();
        sha = redis.scriptLoad(SCRIPT);
    }

    /** Writes the hash a session's reads fetch: each attribute encoded. */
    private void populate(HttpSession session) {
        byte[] key = key(session.getId());
        for (String name : Collections.list(session.getAttributeNames())) {
            byte[] value = encoded(session.getAttribute(name));
            redis.hset(key, name.getBytes(StandardCharsets.UTF_8), value);
            if (name.equals("cart")) {
                setUpCarts.put(session.getId(), value);
            }
        }
        redis.pexpire(key, 1_800_000);
    }

    private static byte[] encoded(Object value) {
        Output output = OUTPUT.get();
        output.reset();
        KRYO.get().writeClassAndObject(output, value);
        return output.toBytes();
    }

    /**
     * {@link #encoded}, tried again when another request changes the value meanwhile. In-memory sessions share the
     * cart between requests of one session, and these do overlap now and then: a request held up by a pause is
     * overtaken by the connections cycling through the sessions. Kryo's iteration then fails, which the floor, keeping
     * no lock, answers by encoding again (it once failed a whole run with a non-2xx answer).
     */
    private static byte[] encodedAgainOnChange(Object value) {
        for (int attempt = 1;; attempt++) {
            try {
                return encoded(value);
            } catch (RuntimeException e) {
                boolean changed = e instanceof ConcurrentModificationException
                        || e.getCause() instanceof ConcurrentModificationException;
                if (!changed || attempt == 10) {
                    throw e;
                }
            }
        }
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
            populate(http.getSession());
        }
        if (id != null && (path.equals("/write") || path.equals("/mutate"))) {
            byte[] cart = encode ? encodedAgainOnChange(http.getSession().getAttribute("cart")) : setUpCarts.get(id);
            redis.evalsha(sha, ScriptOutputType.INTEGER, new byte[][] {key(id)},
                    "cart".getBytes(StandardCharsets.UTF_8), cart, "1800000".getBytes(StandardCharsets.UTF_8));
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
