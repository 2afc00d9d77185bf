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
}
