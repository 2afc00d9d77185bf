/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * What Kryo stores is what Java serialization stores: the classes whose serial form is Java serialization's own,
 * written inside the Kryo stream through Java serialization under the same allow-list and bounds as {@link JavaCodec}.
 *
 * <p>A {@link Serializable} class that Kryo would write field by field takes its Java serial form instead when it
 * defines one ({@code writeObject}, {@code readObject}, {@code readObjectNoData}, {@code writeReplace},
 * {@code readResolve}, {@code serialPersistentFields}, or {@link Externalizable}), or when Kryo would have to reach
 * into the JDK's private fields, which Java 17 refuses without {@code --add-opens}: a JDK class ({@code Random},
 * {@code AtomicLong}, {@code String.CASE_INSENSITIVE_ORDER}'s class) or a class extending a JDK class that has
 * fields (an exception). In the stream it is a length, then the Java serialization bytes.
 *
 * <p>Values of the first kind were written field by field before (codec byte 1), and still are read so; a value whose
 * encoding used a Java serial form for such a class is written under codec byte 3 ({@link Mode#wroteNewForm}), and
 * read with the serial form. The other kinds could not be stored before, so their form is the same under both.
 */
final class SerialForms {

    private SerialForms() {
    }

    /** Per Kryo instance, per call: what is being decoded or encoded, and how. Kept in Kryo's context. */
    static final class Mode {
        /** The attribute being encoded or decoded, for messages. */
        String attributeName;
        /** Decoding codec byte 1: classes whose serial form is new are read field by field, as they were written. */
        boolean fieldFormsOnly;
        /** Encoding: a class that codec byte 1 wrote field by field took its Java serial form. */
        boolean wroteNewForm;
    }

    static Mode mode(Kryo kryo) {
        return (Mode) kryo.getContext().get(Mode.class);
    }

    static void install(Kryo kryo) {
        kryo.getContext().put(Mode.class, new Mode());
    }

    /**
     * The serializer of a class that has no Kryo serializer of its own (the field serializer would be used), or
     * {@code null} for the field serializer.
     *
     * A JDK class (or a subclass of one) that is not Serializable gets a serializer that refuses it.
     */
    static Serializer<?> forClass(Class<?> type, JavaCodec java, java.util.function.Supplier<Serializer<?>> fields) {
        if (type.isInterface() || type.isArray() || type.isPrimitive()) {
            return null;
        }
        boolean serializable = Serializable.class.isAssignableFrom(type);
        boolean jdkFields = isJdk(type) || jdkFieldsInHierarchy(type);
        if (!serializable) {
            return jdkFields && !Modifier.isAbstract(type.getModifiers()) ? new Unstorable() : null;
        }
        if (jdkFields) {
            return new JavaForm(java);
        }
        if (Externalizable.class.isAssignableFrom(type) || hasSerialForm(type)) {
            return storableFieldByField(type) ? new NewForm(new JavaForm(java), fields.get()) : new JavaForm(java);
        }
        return null;
    }

    /** Whether the class is the JDK's: loaded by the boot or platform class loader. */
    static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /** Whether a JDK superclass declares fields that the field serializer would have to set. */
    private static boolean jdkFieldsInHierarchy(Class<?> type) {
        for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (isJdk(c)) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether a class of the hierarchy defines its serial form with one of Java serialization's methods. */
    private static boolean hasSerialForm(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (declares(c, "writeObject", ObjectOutputStream.class) || declares(c, "readObject", ObjectInputStream.class)
                    || declares(c, "readObjectNoData") || declares(c, "writeReplace") || declares(c, "readResolve")) {
                return true;
            }
            try {
                Field persistent = c.getDeclaredField("serialPersistentFields");
                if (Modifier.isStatic(persistent.getModifiers())) {
                    return true;
                }
            } catch (NoSuchFieldException e) {
                // none
            }
        }
        return false;
    }

    private static boolean declares(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            return !Modifier.isStatic(method.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Whether codec byte 1 stored the class field by field: it has a no-argument constructor and is not abstract. */
    private static boolean storableFieldByField(Class<?> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        try {
            type.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Why Kryo's field serializer can't rebuild an instance of a class, or {@code null} when it can: through the
     * class's no-argument constructor, or, for a {@link Serializable} class, as Java serialization does.
     */
    static String whyUnbuildable(Class<?> type) {
        if (Modifier.isAbstract(type.getModifiers()) || storableFieldByField(type)) {
            return null;
        }
        if (!Serializable.class.isAssignableFrom(type)) {
            return "it has no no-argument constructor and is not Serializable, so neither codec can rebuild it; give"
                    + " it a no-argument constructor (any access), or make it Serializable";
        }
        return rebuildable(type) ? null : "it has no no-argument constructor, and its first superclass that is not"
                + " Serializable has no no-argument constructor it can call, which Java serialization needs to"
                + " rebuild it; give it one";
    }

    /**
     * Whether Java serialization can rebuild an instance of a {@link Serializable} class: its first non-serializable
     * superclass has a no-argument constructor that the class can call.
     */
    private static boolean rebuildable(Class<?> type) {
        Class<?> base = type;
        while (base != null && Serializable.class.isAssignableFrom(base)) {
            base = base.getSuperclass();
        }
        if (base == null) {
            return false;
        }
        try {
            int modifiers = base.getDeclaredConstructor().getModifiers();
            return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)
                    || !Modifier.isPrivate(modifiers) && base.getPackageName().equals(type.getPackageName())
                            && base.getClassLoader() == type.getClassLoader();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * A value in its Java serial form: a length, then the bytes of {@link JavaCodec}, under its allow-list filter and
     * its bounds by that length, the length charged to the value's budget before anything is allocated for it.
     */
    static final class JavaForm extends Serializer<Object> {
        private static final byte[] NO_HEADER = new byte[0];
        private final JavaCodec java;

        JavaForm(JavaCodec java) {
            this.java = java;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            byte[] bytes = java.encode(mode(kryo).attributeName, object, NO_HEADER,
                    "not Serializable, and inside a value that Kryo stores through Java serialization (a class with"
                            + " writeObject, readObject, writeReplace, readResolve or Externalizable, or a JDK class),"
                            + " which needs every class in it to be Serializable");
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            int length = input.readVarInt(true);
            KryoLimits.budget(kryo).charge(length);
            byte[] bytes = input.readBytes(length);
            return java.decode(mode(kryo).attributeName, bytes, 0, kryo.getClassLoader());
        }
    }

    /**
     * A JDK class, or a subclass of one, that is not Serializable: refused when met (after the allow-list's check,
     * which comes first), since Kryo can't reach its fields without {@code --add-opens}.
     */
    private static final class Unstorable extends Serializer<Object> {
        private static final String WHY = "a JDK class, or a subclass of one, that is not Serializable: Kryo can't"
                + " reach its fields without --add-opens, and Java serialization can't store it; store a value of a"
                + " class of your own instead";

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new KryoCodec.Refused(object.getClass().getName(), WHY);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw new KryoCodec.Refused(type.getName(), WHY);
        }
    }

    /**
     * A class that codec byte 1 wrote field by field and that now takes its Java serial form: written in that form
     * (the value is then stored under codec byte 3), read in the form its codec byte says.
     */
    static final class NewForm extends Serializer<Object> {
        private final JavaForm javaForm;
        private final Serializer<Object> fields;

        @SuppressWarnings("unchecked")
        NewForm(JavaForm javaForm, Serializer<?> fields) {
            this.javaForm = javaForm;
            this.fields = (Serializer<Object>) fields;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            mode(kryo).wroteNewForm = true;
            javaForm.write(kryo, output, object);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            return mode(kryo).fieldFormsOnly ? fields.read(kryo, input, type) : javaForm.read(kryo, input, type);
        }
    }
}
