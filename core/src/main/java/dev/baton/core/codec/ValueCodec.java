/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static java.util.Objects.requireNonNull;

import dev.baton.core.AttributeDecodingException;
import dev.baton.core.AttributeDecodingException.Reason;
import dev.baton.core.CodecKind;
import dev.baton.core.EncryptionKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns attribute values into stored bytes and back: the envelope, the codec, and (with {@code encryptionKeys})
 * AES-256-GCM. Thread-safe; one per web app.
 *
 * <p>Every stored value starts with a 3-byte header: format version ({@code 1}), codec ({@code 1} Kryo, {@code 2}
 * Java serialization, {@code 3} Kryo with Java serial forms for classes that define their own) and flags (bit 0: encrypted). An encrypted value goes on with the key ID (one length byte, then
 * ASCII) and a 12-byte random nonce, then the ciphertext with its 128-bit tag; the associated data are the header,
 * the session ID and the attribute name, so that a value can't be moved to another session or attribute, and the tag
 * is checked before a single byte reaches a decoder. Values are read by the codec their header names, so switching
 * {@code codec} keeps old sessions readable; the first key encrypts, every configured key decrypts. With encryption
 * on, a value that is not encrypted is refused: write access to the store must not be a way around it.
 */
public final class ValueCodec {

    private static final byte FORMAT_VERSION = 1;
    private static final byte KRYO = 1;
    private static final byte JAVA = 2;
    /** Kryo, where a class that codec 1 wrote field by field took its Java serial form ({@link SerialForms}). */
    private static final byte KRYO_SERIAL_FORMS = 3;
    private static final byte ENCRYPTED = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] KRYO_HEADER = {FORMAT_VERSION, KRYO, 0};
    private static final byte[] KRYO_SERIAL_FORMS_HEADER = {FORMAT_VERSION, KRYO_SERIAL_FORMS, 0};
    private static final byte[] JAVA_HEADER = {FORMAT_VERSION, JAVA, 0};

    /** {@link #isImmutableValueType} per class, judged once: the codec asks for every object it reads or writes. */
    private static final ClassValue<Boolean> IMMUTABLE_VALUE_TYPES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return judgeImmutableValueType(type);
        }
    };
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private final byte writeCodec;
    private final KryoCodec kryo;
    private final JavaCodec java;
    private final EncryptionKey writeKey;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(ValueCodec::newCipher);
    private final LongAdder encodings = new LongAdder();

    private ValueCodec(CodecKind kind, AllowList allowList, List<EncryptionKey> encryptionKeys) {
        this.writeCodec = kind == CodecKind.KRYO ? KRYO : JAVA;
        this.java = new JavaCodec(allowList);
        this.kryo = new KryoCodec(allowList, java);
        this.writeKey = encryptionKeys.isEmpty() ? null : encryptionKeys.get(0);
        Map<String, SecretKey> byId = new LinkedHashMap<>();
        for (EncryptionKey key : encryptionKeys) {
            byId.put(key.id(), new SecretKeySpec(key.secret(), "AES"));
        }
        this.keys = Map.copyOf(byId);
    }

    /**
     * A codec. With {@code codec=kryo}, first runs Kryo's paths on a sample value a few hundred times (on a codec of
     * its own, a few milliseconds once compiled), so that a new node's first requests don't run them interpreted.
     *
     * @param kind the codec new values are written with
     * @param allowList the classes that may be decoded (and encoded)
     * @param keys the encryption keys, the first encrypting; empty for no encryption
     * @return the codec
     */
    public static ValueCodec create(CodecKind kind, AllowList allowList, List<EncryptionKey> keys) {
        ValueCodec codec = new ValueCodec(requireNonNull(kind, "kind"), requireNonNull(allowList, "allowList"),
                List.copyOf(requireNonNull(keys, "keys")));
        if (kind == CodecKind.KRYO) {
            CodecWarmUp.run();
        }
        return codec;
    }

    /**
     * Encodes a value for the store: {@link #seal} of {@link #encodeUnsealed}.
     *
     * @param sessionId the session it belongs to (bound into the encryption)
     * @param attributeName its attribute (bound into the encryption)
     * @param value the value, not null
     * @return the stored bytes
     * @throws dev.baton.core.AttributeEncodingException when the value or a class in it is outside the allow-list or
     *     can't be encoded, naming the attribute and the class
     */
    public byte[] encode(String sessionId, String attributeName, Object value) {
        return seal(sessionId, attributeName, encodeUnsealed(attributeName, value));
    }

    /**
     * Encodes a value into an envelope that is not encrypted: the stored bytes when {@code encryptionKeys} is not
     * set, else what {@link #seal} encrypts. Equal values give equal bytes whatever the key and nonce, so that a
     * request can tell whether a value it read has changed without decrypting again.
     *
     * @param attributeName its attribute, for messages
     * @param value the value, not null
     * @return the envelope, not encrypted
     * @throws dev.baton.core.AttributeEncodingException when the value or a class in it is outside the allow-list or
     *     can't be encoded, naming the attribute and the class
     */
    public byte[] encodeUnsealed(String attributeName, Object value) {
        return encodeUnsealed(attributeName, value, null);
    }

    /**
     * {@link #encodeUnsealed(String, Object)}, for a value whose earlier envelope is known: tells whether it changed
     * without allocating when it did not (the common case of re-encoding what a request read).
     *
     * @param attributeName its attribute, for messages
     * @param value the value, not null
     * @param previous an earlier envelope of this attribute, not encrypted, or {@code null}
     * @return {@code previous} itself when the envelope equals it, else a new envelope
     * @throws dev.baton.core.AttributeEncodingException when the value or a class in it is outside the allow-list or
     *     can't be encoded, naming the attribute and the class
     */
    public byte[] encodeUnsealed(String attributeName, Object value, byte[] previous) {
        requireNonNull(value, "value");
        encodings.increment();
        if (writeCodec == KRYO) {
            return kryo.encode(attributeName, value, KRYO_HEADER, KRYO_SERIAL_FORMS_HEADER, previous);
        }
        byte[] envelope = java.encode(attributeName, value, JAVA_HEADER);
        return Arrays.equals(envelope, previous) ? previous : envelope;
    }

    /**
     * Whether {@link #encodeUnsealed} of the value, as it is now, will not be refused for a class, told without
     * encoding it: with {@code codec=kryo}, by walking the value's objects as Kryo would and checking each class as
     * Kryo's class resolver does (the allow-list, and that Kryo can rebuild it). {@code true} only when every class met
     * passes and has a serializer the walk understands (Kryo's field serializer, collections, maps, arrays, immutable
     * JDK values); {@code false} when only an encoding can tell (a class outside the allow-list, one with a Java
     * serial form or its own Kryo serializer, a very deep or large graph, or {@code codec=java}). Each class is
     * planned once; a walk allocates one small array.
     *
     * @param value the value, not null
     * @return {@code true} when the value's classes pass; {@code false} when an encoding must decide
     */
    public boolean passesWithoutEncoding(Object value) {
        return writeCodec == KRYO && GraphCheck.passes(kryo.plans, requireNonNull(value, "value"));
    }

    /**
     * What Kryo would write for the value's object graph as it is now, recorded without encoding it, for
     * {@link GraphSnapshot#retake} to tell later, also without encoding, whether the graph changed; or {@code null}
     * when only an encoding can tell: {@code codec=java}, an {@code envelope} that codec 1 did not write, or a graph
     * the snapshot can't record exactly ({@link GraphSnapshot}).
     *
     * @param value the value, not null
     * @param envelope the unencrypted envelope the value was just decoded from, or {@code null} for a value about to be
     *     encoded with this codec
     * @return the snapshot, or {@code null}
     */
    public GraphSnapshot snapshot(Object value, byte[] envelope) {
        return writeCodec == KRYO && (envelope == null || envelope[1] == KRYO)
                ? GraphSnapshot.take(kryo.plans, requireNonNull(value, "value")) : null;
    }

    /**
     * {@return how many values this codec has encoded (by {@link #encode} or {@link #encodeUnsealed}) since it was
     * created} A count for tests and benchmarks: encodings per request.
     */
    public long encodings() {
        return encodings.sum();
    }

    /**
     * Encrypts an envelope from {@link #encodeUnsealed} with the first key and a fresh nonce, binding in the session
     * ID and the attribute name; returns it unchanged when {@code encryptionKeys} is not set.
     *
     * @param sessionId the session it belongs to
     * @param attributeName its attribute
     * @param unsealed the envelope, not encrypted
     * @return the stored bytes
     */
    public byte[] seal(String sessionId, String attributeName, byte[] unsealed) {
        if (writeKey == null) {
            return unsealed;
        }
        byte[] keyId = writeKey.id().getBytes(StandardCharsets.US_ASCII);
        int headerLength = 4 + keyId.length + NONCE_BYTES;
        int payloadLength = unsealed.length - 3;
        byte[] out = new byte[headerLength + payloadLength + TAG_BITS / 8];
        out[0] = FORMAT_VERSION;
        out[1] = unsealed[1];
        out[2] = ENCRYPTED;
        out[3] = (byte) keyId.length;
        System.arraycopy(keyId, 0, out, 4, keyId.length);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 4 + keyId.length, NONCE_BYTES);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(writeKey.id()), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(out, headerLength, sessionId, attributeName));
            cipher.doFinal(unsealed, 3, payloadLength, out, headerLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    /**
     * Decodes stored bytes, loading classes with {@code loader}: {@link #decodeUnsealed} of {@link #unseal}.
     *
     * @param sessionId the session the bytes were read from
     * @param attributeName the attribute they were read from
     * @param bytes the stored bytes
     * @param loader the web app's class loader
     * @return the value
     * @throws AttributeDecodingException when the bytes can't be decoded, with the reason
     */
    public Object decode(String sessionId, String attributeName, byte[] bytes, ClassLoader loader) {
        return decodeUnsealed(attributeName, unseal(sessionId, attributeName, bytes), loader);
    }

    /**
     * Checks stored bytes and, when they are encrypted, authenticates and decrypts them: the result is the envelope
     * {@link #encodeUnsealed} gave (the same array when the bytes are not encrypted). No byte reaches a decoder here.
     *
     * @param sessionId the session the bytes were read from
     * @param attributeName the attribute they were read from
     * @param bytes the stored bytes
     * @return the envelope, not encrypted
     * @throws AttributeDecodingException when the envelope is unknown, or encryption is on and the bytes are not
     *     encrypted, fail authentication or name an unknown key
     */
    public byte[] unseal(String sessionId, String attributeName, byte[] bytes) {
        checkEnvelope(attributeName, bytes);
        if ((bytes[2] & ENCRYPTED) != 0) {
            return decrypt(sessionId, attributeName, bytes);
        }
        if (writeKey != null) {
            throw new AttributeDecodingException(attributeName, null, Reason.AUTHENTICATION_FAILED,
                    "the value is not encrypted but encryptionKeys is set", null);
        }
        return bytes;
    }

    /**
     * Decodes an envelope from {@link #unseal} with the codec it names, loading classes with {@code loader}.
     *
     * @param attributeName the attribute it was read from
     * @param unsealed the envelope, not encrypted
     * @param loader the web app's class loader
     * @return the value
     * @throws AttributeDecodingException when the bytes can't be decoded, with the reason
     */
    public Object decodeUnsealed(String attributeName, byte[] unsealed, ClassLoader loader) {
        checkEnvelope(attributeName, unsealed);
        if (unsealed[2] != 0) {
            throw new AttributeDecodingException(attributeName, null, Reason.UNSUPPORTED_FORMAT,
                    "the value is still encrypted", null);
        }
        return unsealed[1] == JAVA ? java.decode(attributeName, unsealed, 3, loader)
                : kryo.decode(attributeName, unsealed, 3, loader, unsealed[1] == KRYO);
    }

    private static void checkEnvelope(String attributeName, byte[] bytes) {
        if (bytes.length < 3 || bytes[0] != FORMAT_VERSION) {
            throw new AttributeDecodingException(attributeName, null, Reason.UNSUPPORTED_FORMAT,
                    bytes.length < 3 ? "too short to be a stored value" : "unknown format version " + bytes[0],
                    null);
        }
        if (bytes[1] != KRYO && bytes[1] != JAVA && bytes[1] != KRYO_SERIAL_FORMS) {
            throw new AttributeDecodingException(attributeName, null, Reason.UNSUPPORTED_FORMAT,
                    "unknown codec " + bytes[1], null);
        }
    }

    private byte[] decrypt(String sessionId, String attributeName, byte[] bytes) {
        if (bytes.length < 4 || bytes.length < 4 + (bytes[3] & 0xff) + NONCE_BYTES + TAG_BITS / 8) {
            throw new AttributeDecodingException(attributeName, null, Reason.AUTHENTICATION_FAILED,
                    "the encrypted value is truncated", null);
        }
        int keyIdLength = bytes[3] & 0xff;
        String keyId = new String(bytes, 4, keyIdLength, StandardCharsets.US_ASCII);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            // Name the key only when the stored ID is a well-formed one: never echo arbitrary stored bytes.
            throw new AttributeDecodingException(attributeName, null, Reason.UNKNOWN_KEY,
                    (KEY_ID.matcher(keyId).matches() ? "encrypted with key '" + keyId + "'"
                            : "encrypted with a malformed key ID") + ", which is not in encryptionKeys", null);
        }
        int headerLength = 4 + keyIdLength + NONCE_BYTES;
        int cipherLength = bytes.length - headerLength;
        byte[] unsealed = new byte[3 + cipherLength - TAG_BITS / 8];
        unsealed[0] = FORMAT_VERSION;
        unsealed[1] = bytes[1];
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(bytes, 4 + keyIdLength, headerLength)));
            cipher.updateAAD(associatedData(bytes, headerLength, sessionId, attributeName));
            cipher.doFinal(bytes, headerLength, cipherLength, unsealed, 3);
            return unsealed;
        } catch (AEADBadTagException e) {
            throw new AttributeDecodingException(attributeName, null, Reason.AUTHENTICATION_FAILED,
                    "the value failed authentication (changed, or copied from another session or attribute)", null);
        } catch (GeneralSecurityException e) {
            throw new AttributeDecodingException(attributeName, null, Reason.AUTHENTICATION_FAILED,
                    "decryption failed: " + e.getClass().getSimpleName(), null);
        }
    }

    private static byte[] associatedData(byte[] header, int headerLength, String sessionId, String attributeName) {
        byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
        byte[] name = attributeName.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[headerLength + id.length + 1 + name.length];
        System.arraycopy(header, 0, aad, 0, headerLength);
        System.arraycopy(id, 0, aad, headerLength, id.length);
        System.arraycopy(name, 0, aad, headerLength + id.length + 1, name.length);
        return aad;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this JVM", e);
        }
    }

    /**
     * {@return whether values are bound to the session ID (encryption is on), and so must be written again after a
     * change of ID}
     */
    public boolean bindsSessionId() {
        return writeKey != null;
    }

    /**
     * Whether re-encoding this value can never find a change: strings, boxed primitives, {@code BigDecimal},
     * {@code BigInteger}, {@code UUID}, {@code java.time} values, enums, {@code Locale}, {@code Currency}, {@code URI}.
     *
     * @param value a value
     * @return {@code true} when it is of an immutable JDK type
     */
    public static boolean isImmutableValue(Object value) {
        return value != null && isImmutableValueType(value.getClass());
    }

    /**
     * Whether instances of a class are immutable JDK values, as {@link #isImmutableValue(Object)} decides.
     *
     * @param type the class
     * @return {@code true} for strings, boxed primitives, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, enums,
     *     {@code Locale}, {@code Currency}, {@code URI} and {@code java.time} values
     */
    static boolean isImmutableValueType(Class<?> type) {
        return type == String.class || IMMUTABLE_VALUE_TYPES.get(type);
    }

    private static boolean judgeImmutableValueType(Class<?> type) {
        return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
                || type == Double.class || type == Float.class || type == Short.class || type == Byte.class
                || type == Character.class || BigDecimal.class.isAssignableFrom(type)
                || BigInteger.class.isAssignableFrom(type) || type == UUID.class || Enum.class.isAssignableFrom(type)
                || type == Locale.class || type == Currency.class || type == URI.class
                || type.getPackageName().equals("java.time");
    }
}
