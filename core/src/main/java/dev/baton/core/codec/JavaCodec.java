/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import dev.baton.core.AttributeDecodingException;
import dev.baton.core.AttributeDecodingException.Reason;
import dev.baton.core.AttributeEncodingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.Set;

/**
 * Java serialization under an {@link ObjectInputFilter} built from the allow-list, with limits on depth
 * ({@link KryoLimits#MAX_DEPTH}) and, by the stored length, on references, bytes and array lengths. Class names are
 * checked before a class is loaded, and classes are loaded with the web app's class loader without being
 * initialised. Used for {@code codec=java}, and by Kryo for the classes whose serial form is Java serialization's
 * ({@link SerialForms}).
 */
final class JavaCodec {

    private static final long MAX_DEPTH = KryoLimits.MAX_DEPTH;
    /**
     * Classes that only appear inside the serial form of an allowed class ({@code ConcurrentHashMap} writes a
     * {@code Segment[]} of locks, kept for compatibility with Java 7), allowed in Java serialization alone.
     */
    private static final Set<String> SERIAL_FORM_PARTS = Set.of("java.util.concurrent.ConcurrentHashMap$Segment",
            "[Ljava.util.concurrent.ConcurrentHashMap$Segment;", "java.util.concurrent.locks.ReentrantLock",
            "java.util.concurrent.locks.ReentrantLock$Sync", "java.util.concurrent.locks.ReentrantLock$NonfairSync",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractOwnableSynchronizer");

    /** A class outside the allow-list was met. */
    private static final class Refused extends InvalidClassException {
        private static final long serialVersionUID = 1L;

        Refused(String className) {
            super(className, "outside the allow-list");
        }
    }

    private final AllowList allowList;

    JavaCodec(AllowList allowList) {
        this.allowList = allowList;
    }

    private boolean allows(String className) {
        return allowList.allows(className) || SERIAL_FORM_PARTS.contains(className);
    }

    /** Encodes a value after {@code header}. */
    byte[] encode(String attributeName, Object value, byte[] header) {
        return encode(attributeName, value, header, "not Serializable, which codec=java needs");
    }

    /**
     * Encodes a value after {@code header}; a class that is not {@code Serializable} is refused with
     * {@code notSerializable} as the reason.
     */
    byte[] encode(String attributeName, Object value, byte[] header, String notSerializable) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.writeBytes(header);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            private boolean failing;

            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object object) throws IOException {
                // After a failure the stream serializes the exception it is about to throw: let that through.
                failing |= object instanceof IOException;
                if (!failing) {
                    // The stream names every serializable class of the hierarchy, and a reader checks each one.
                    Class<?> c = object.getClass();
                    do {
                        if (!allows(c.getName())) {
                            throw new Refused(c.getName());
                        }
                        c = c.getSuperclass();
                    } while (c != null && Serializable.class.isAssignableFrom(c));
                }
                return object;
            }
        }) {
            out.writeObject(value);
        } catch (Refused e) {
            throw new AttributeEncodingException(attributeName, e.classname,
                    "outside the allow-list; add it or its package to allowedClasses", null);
        } catch (NotSerializableException e) {
            throw new AttributeEncodingException(attributeName, e.getMessage(), notSerializable, null);
        } catch (IOException e) {
            throw new AttributeEncodingException(attributeName, value.getClass().getName(),
                    "Java serialization failed: " + e, e);
        }
        return bytes.toByteArray();
    }

    Object decode(String attributeName, byte[] bytes, int offset, ClassLoader loader) {
        ByteArrayInputStream source = new ByteArrayInputStream(bytes, offset, bytes.length - offset);
        String[] refusedClass = {null};
        try (ObjectInputStream in = new ObjectInputStream(source) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
                String name = descriptor.getName();
                if (!allows(name)) {
                    refusedClass[0] = name;
                    throw new Refused(name);
                }
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(descriptor);
                }
            }

            @Override
            protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
                throw new Refused("a dynamic proxy");
            }
        }) {
            long stored = bytes.length - offset;
            // Every array element and every reference takes at least one stored byte: an array may not announce
            // more elements than the bytes left, so nothing is allocated beyond a multiple of the stored size.
            in.setObjectInputFilter(info -> {
                if (info.depth() > MAX_DEPTH || info.references() > stored || info.streamBytes() > stored
                        || info.arrayLength() > stored - info.streamBytes()) {
                    return ObjectInputFilter.Status.REJECTED;
                }
                Class<?> type = info.serialClass();
                if (type != null && !allows(type.getName())) {
                    return ObjectInputFilter.Status.REJECTED;
                }
                return ObjectInputFilter.Status.UNDECIDED;
            });
            return in.readObject();
        } catch (Refused e) {
            throw new AttributeDecodingException(attributeName,
                    refusedClass[0] != null ? AllowList.shown(refusedClass[0]) : e.classname,
                    Reason.CLASS_NOT_ALLOWED, "the class is outside the allow-list and was not loaded", null);
        } catch (ClassNotFoundException e) {
            throw new AttributeDecodingException(attributeName, AllowList.shown(e.getMessage()),
                    Reason.CLASS_NOT_FOUND, "the class is not on this node's class path", null);
        } catch (InvalidClassException e) {
            if (e.classname == null && String.valueOf(e.getMessage()).contains("REJECTED")) {
                throw new AttributeDecodingException(attributeName, null, Reason.CLASS_NOT_ALLOWED,
                        "the stream breaks the allow-list or the depth, reference or array limits", null);
            }
            String message = String.valueOf(e.getMessage());
            String why = e.classname != null && message.startsWith(e.classname + "; ")
                    ? message.substring(e.classname.length() + 2) : message;
            // The text can quote names from the stored bytes: no line breaks or escape codes into a log.
            throw new AttributeDecodingException(attributeName, AllowList.shown(e.classname), Reason.CORRUPT,
                    "incompatible class: " + why.replaceAll("[^\\x20-\\x7e]", "?"), null);
        } catch (IOException | RuntimeException e) {
            // Only the exception's class: messages such as StreamCorruptedException's quote the stored bytes.
            throw new AttributeDecodingException(attributeName, null, Reason.CORRUPT,
                    "Java serialization failed: " + e.getClass().getName(), null);
        }
    }
}
