/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.CodecKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A value written by version 1 of a class is read by version 2, which added one field and removed another: the state
 * of a rolling deploy, where one node runs the old code and another the new. Each version lives in its own class
 * loader, as in two deploys.
 */
class EvolutionTest {

    private static final String SESSION = "s".repeat(43);

    private static final CompiledClasses V1 = CompiledClasses.compile(Map.of("evo.Customer", """
            package evo;
            public class Customer implements java.io.Serializable {
                private static final long serialVersionUID = 1L;
                public String name;
                public int age;
                public java.util.List<String> tags = new java.util.ArrayList<>();
                public Customer() { }
            }
            """));
    private static final CompiledClasses V2 = CompiledClasses.compile(Map.of("evo.Customer", """
            package evo;
            public class Customer implements java.io.Serializable {
                private static final long serialVersionUID = 1L;
                public String name;
                public String email;
                public java.util.List<String> tags = new java.util.ArrayList<>();
                public Customer() { }
            }
            """));

    @ParameterizedTest
    @EnumSource(CodecKind.class)
    void decodeWhenClassGainedAndLostAFieldThenCommonFieldsSurvive(CodecKind kind) throws Exception {
        ValueCodec codec = ValueCodec.create(kind, AllowList.create(List.of("evo."), n -> false), List.of());
        ClassLoader oldDeploy = V1.newLoader();
        Class<?> v1 = Class.forName("evo.Customer", true, oldDeploy);
        Object written = v1.getDeclaredConstructor().newInstance();
        v1.getField("name").set(written, "Ada");
        v1.getField("age").set(written, 36);
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) v1.getField("tags").get(written);
        tags.add("vip");
        byte[] bytes = codec.encode(SESSION, "customer", written);

        ClassLoader newDeploy = V2.newLoader();
        Object read = codec.decode(SESSION, "customer", bytes, newDeploy);

        Class<?> v2 = read.getClass();
        assertThat(v2.getClassLoader()).isSameAs(newDeploy);
        assertThat(v2.getField("name").get(read)).isEqualTo("Ada");
        assertThat(v2.getField("email").get(read)).isNull();
        assertThat(v2.getField("tags").get(read)).isEqualTo(List.of("vip"));
    }

    private static final String NOTE = """
            package evo;
            public class Note implements java.io.Serializable {
                private static final long serialVersionUID = 1L;
                public String text;
                public Note() { }
                %s
            }
            """;
    private static final CompiledClasses NOTE_V1 = CompiledClasses.compile(Map.of("evo.Note", String.format(NOTE,
            "")));
    private static final CompiledClasses NOTE_V2 = CompiledClasses.compile(Map.of("evo.Note", String.format(NOTE, """
            private void readObject(java.io.ObjectInputStream in) throws java.io.IOException,
                    ClassNotFoundException {
                in.defaultReadObject();
                text = text + " (read by readObject)";
            }
            """)));

    @org.junit.jupiter.api.Test
    void decodeWhenClassGainedReadObjectSinceItWasStoredFieldByFieldThenItStillReads() throws Exception {
        // Codec byte 1 wrote such a class field by field; its values stay readable after the class gains a serial
        // form, and the class's values written now take that form under codec byte 3.
        ValueCodec codec = ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of("evo."), n -> false),
                List.of());
        Class<?> v1 = Class.forName("evo.Note", true, NOTE_V1.newLoader());
        Object written = v1.getDeclaredConstructor().newInstance();
        v1.getField("text").set(written, "hello");
        byte[] stored = codec.encode(SESSION, "note", written);

        Object read = codec.decode(SESSION, "note", stored, NOTE_V2.newLoader());
        byte[] storedAgain = codec.encode(SESSION, "note", read);
        Object readAgain = codec.decode(SESSION, "note", storedAgain, NOTE_V2.newLoader());

        assertThat(stored[1]).as("codec byte").isEqualTo((byte) 1);
        assertThat(read.getClass().getField("text").get(read)).isEqualTo("hello");
        assertThat(storedAgain[1]).as("codec byte").isEqualTo((byte) 3);
        assertThat(readAgain.getClass().getField("text").get(readAgain))
                .isEqualTo("hello (read by readObject)");
    }
}
