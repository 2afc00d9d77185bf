/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which classes may be decoded from a store: decided from the class name alone, before any class is loaded.
 *
 * <p>Allowed are: the built-in JDK value types and collections (strings, boxed primitives, {@code BigDecimal},
 * {@code BigInteger}, {@code UUID}, {@code java.time}, {@code Locale}, {@code Currency}, {@code Date}, {@code URI},
 * the {@code java.util} collections and their immutable, unmodifiable, synchronized, empty and singleton forms,
 * {@code Optional}; {@code Random}, the atomics, {@code String.CASE_INSENSITIVE_ORDER}'s class, and the
 * serializable superclasses of exceptions); arrays of allowed types and of primitives; the configured entries ({@code allowedClasses}: a
 * package prefix ending in {@code '.'} allows that package and its subpackages, any other entry one class and its
 * nested classes); the session types of well-known frameworks that hold only their own state (Spring Security's
 * login, CSRF token and saved request); and what the front end says is the web app's own. Nothing else: no
 * {@code java.lang.reflect}, no {@code javax.management}, no library package a gadget chain could use.
 */
public final class AllowList {

    private static final Set<String> BUILT_IN = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Enum", "java.lang.Object", "java.lang.Record",
            "java.math.BigDecimal", "java.math.BigInteger", "java.net.URI",
            "java.util.UUID", "java.util.Locale", "java.util.Currency", "java.util.Date", "java.util.Optional",
            "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.EnumSet", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.EnumMap", "java.util.Vector", "java.util.Hashtable", "java.util.BitSet",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.Arrays$ArrayList", "java.util.AbstractMap$SimpleEntry",
            "java.util.AbstractMap$SimpleImmutableEntry", "java.util.Map$Entry", "java.util.CollSer",
            "java.util.EnumSet$SerializationProxy",
            // Held by session beans and framework types; each stores only its own state.
            "java.lang.String$CaseInsensitiveComparator", "java.util.Random",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicReference",
            "java.util.concurrent.atomic.AtomicIntegerArray", "java.util.concurrent.atomic.AtomicLongArray",
            // The serializable superclasses of an exception a framework keeps in the session (a failed login's).
            "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException",
            "java.lang.StackTraceElement");
    /**
     * The session types of well-known frameworks, allowed by default: each is a class (with its nested classes) that
     * holds only its own state, has no serialization hook that calls into other objects, and is what the framework
     * itself puts in a session. {@code docs/codecs.md} lists each with the reason, which a test checks.
     */
    private static final List<String> FRAMEWORK_TYPES = List.of(
            // Spring Security: the login (security context, authentication, user, authorities, details)
            "org.springframework.security.core.context.SecurityContextImpl",
            "org.springframework.security.authentication.AbstractAuthenticationToken",
            "org.springframework.security.authentication.UsernamePasswordAuthenticationToken",
            "org.springframework.security.authentication.RememberMeAuthenticationToken",
            "org.springframework.security.core.userdetails.User",
            "org.springframework.security.core.authority.SimpleGrantedAuthority",
            "org.springframework.security.core.authority.FactorGrantedAuthority",
            "org.springframework.security.web.authentication.WebAuthenticationDetails",
            // Spring Security: the CSRF token, the request saved before the login page, a failed login's exception
            "org.springframework.security.web.csrf.DefaultCsrfToken",
            "org.springframework.security.web.savedrequest.DefaultSavedRequest",
            "org.springframework.security.web.savedrequest.SavedCookie",
            "org.springframework.security.core.AuthenticationException",
            "org.springframework.security.authentication.BadCredentialsException",
            "org.springframework.security.authentication.AccountStatusException",
            "org.springframework.security.authentication.AccountExpiredException",
            "org.springframework.security.authentication.CredentialsExpiredException",
            "org.springframework.security.authentication.DisabledException",
            "org.springframework.security.authentication.LockedException",
            "org.springframework.security.web.authentication.session.SessionAuthenticationException");
    private static final List<String> BUILT_IN_PREFIXES = List.of("java.time.", "java.util.ImmutableCollections$",
            "java.util.Collections$Unmodifiable", "java.util.Collections$Synchronized", "java.util.Collections$Empty",
            "java.util.Collections$Singleton", "java.util.Collections$ReverseComparator");

    private static final Pattern WELL_FORMED_NAME = Pattern.compile("[\\p{L}\\p{N}_$.\\[;]{1,512}");

    private final List<String> configured;
    private final Predicate<String> appClasses;

    private AllowList(List<String> configured, Predicate<String> appClasses) {
        this.configured = configured;
        this.appClasses = appClasses;
    }

    /**
     * An allow-list of the built-in types plus these.
     *
     * @param configuredEntries package prefixes ending in {@code '.'}, or class names ({@code allowedClasses})
     * @param appClasses says whether a class name is the web app's own, without loading it
     * @return the allow-list
     */
    public static AllowList create(List<String> configuredEntries, Predicate<String> appClasses) {
        return new AllowList(List.copyOf(requireNonNull(configuredEntries, "configuredEntries")),
                requireNonNull(appClasses, "appClasses"));
    }

    /**
     * Whether a class may be decoded, judged from its binary name ({@code java.util.ArrayList},
     * {@code [Ljava.lang.String;}, {@code com.shop.Cart$Line}).
     *
     * @param className the name as a codec reads it from stored bytes
     * @return {@code true} when it may be loaded
     */
    public boolean allows(String className) {
        if (className == null || className.isEmpty()) {
            return false;
        }
        String name = className;
        if (name.charAt(0) == '[') {
            int dims = 0;
            while (dims < name.length() && name.charAt(dims) == '[') {
                dims++;
            }
            String element = name.substring(dims);
            if (element.length() == 1) {
                return "ZBCSIJFD".contains(element);
            }
            if (!element.startsWith("L") || !element.endsWith(";")) {
                return false;
            }
            name = element.substring(1, element.length() - 1);
        }
        if (BUILT_IN.contains(name)) {
            return true;
        }
        for (String prefix : BUILT_IN_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        if (matches(configured, name) || matches(FRAMEWORK_TYPES, name)) {
            return true;
        }
        return appClasses.test(name);
    }

    private static boolean matches(List<String> entries, String name) {
        for (String entry : entries) {
            if (entry.endsWith(".") ? name.startsWith(entry)
                    : name.equals(entry) || name.startsWith(entry + "$")) {
                return true;
            }
        }
        return false;
    }

    /** The framework session types allowed by default, as {@code allowedClasses} entries. */
    static List<String> frameworkTypes() {
        return FRAMEWORK_TYPES;
    }

    /**
     * A class name read from stored bytes, fit for a message: the name when it looks like one, else a fixed text, so
     * that crafted bytes can't put arbitrary text (line breaks, escape codes) into a log. {@code null} stays
     * {@code null}.
     */
    static String shown(String className) {
        if (className == null) {
            return null;
        }
        return WELL_FORMED_NAME.matcher(className).matches() ? className : "(malformed class name)";
    }
}
