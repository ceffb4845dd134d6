package io.gort.bench.compare;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of the comparison suite's JVM subjects, by name: what {@code Fork --subject NAME}
 * runs. Go is not here: its binary ({@code bench/go/bin/compare}) speaks the fork protocol itself.
 *
 * <p>The Kotlin subject is the Kotlin class {@value #KOTLIN_CLASS} (public, no-argument
 * constructor), found by reflection so that the Java side compiles without it.
 */
public final class Subjects {
    /** The class of the {@code kotlin} subject. */
    public static final String KOTLIN_CLASS = "io.gort.bench.compare.KotlinSubject";

    /** Every JVM subject's name, in the order of the tables. */
    public static final List<String> JVM = List.of(
            "gort-ws", "gort-global", "gort-forkjoin", "gort-jdk", "jdk-vt", "platform", "jox", "kotlin");

    private Subjects() {
    }

    /** A new instance of the subject {@code name}; throws IllegalArgumentException for an unknown or absent one. */
    public static Subject create(String name) {
        return switch (name) {
            case "gort-ws", "gort-global", "gort-forkjoin", "gort-jdk" -> gort(name);
            case "jdk-vt", "platform", "jox" -> java(name);
            case "kotlin" -> kotlin();
            default -> {
                if (isClassName(name)) {
                    yield byClass(name);
                }
                throw new IllegalArgumentException("unknown subject '" + name + "'; known: " + String.join(",", JVM) + ",go");
            }
        };
    }

    /** The JVM subjects whose classes are on this class path (all but kotlin when it is not built). */
    public static List<String> installed() {
        List<String> out = new ArrayList<>();
        for (String n : JVM) {
            if (!n.equals("kotlin") || kotlinPresent()) {
                out.add(n);
            }
        }
        return out;
    }

    /** Whether the Kotlin subject's class is on the class path. */
    public static boolean kotlinPresent() {
        try {
            Class.forName(KOTLIN_CLASS, false, Subjects.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The JVM flags a fork of {@code name} needs to run on {@code procs} carriers: the JDK's and
     * Kotlin's pool sizes (gort's schedulers take procs in {@link Subject#run}).
     */
    public static List<String> forkFlags(String name, int procs) {
        List<String> f = new ArrayList<>();
        f.add("-Djdk.virtualThreadScheduler.parallelism=" + procs);
        f.add("-Dgort.maxprocs=" + procs);
        f.add("-Dkotlinx.coroutines.scheduler.core.pool.size=" + procs);
        return f;
    }

    private static Subject gort(String name) {
        String kind = switch (name) {
            case "gort-ws" -> "workstealing";
            case "gort-global" -> "global";
            case "gort-forkjoin" -> "forkjoin";
            default -> "jdk";
        };
        return new GortSubject(name, kind);
    }

    private static Subject java(String name) {
        return switch (name) {
            case "jdk-vt" -> new JucSubject(name, false);
            case "platform" -> new JucSubject(name, true);
            default -> new JoxSubject();
        };
    }

    /**
     * Whether {@code name} is a class name (has a dot): a subject outside this registry, such as a
     * test's, is named by its class, which must implement Subject and have a public no-argument
     * constructor.
     */
    public static boolean isClassName(String name) {
        return name.indexOf('.') > 0;
    }

    private static Subject kotlin() {
        try {
            return byClass(KOTLIN_CLASS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("subject 'kotlin' is not installed (no class " + KOTLIN_CLASS + ")", e);
        }
    }

    private static Subject byClass(String className) {
        try {
            Class<?> c = Class.forName(className);
            return (Subject) c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no subject class " + className, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("subject " + className + " failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("subject " + className + " must implement Subject and have a public no-argument constructor", e);
        }
    }
}
