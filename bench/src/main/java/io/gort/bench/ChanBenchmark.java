package io.gort.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every channel benchmark shares: its subject ({@link ChanSubject}, null for Kotlin, which has
 * its own code in {@code KotlinChannels.kt}), made from the subclass's {@code kind} parameter for the
 * trial and closed after it. A subclass declares {@code @Param kind} with the subjects it supports.
 */
public abstract class ChanBenchmark {
    protected ChanSubject subject;     // null for kotlin

    /** The subclass's {@code @Param kind}. */
    abstract String kind();

    @Setup(Level.Trial)
    public void setUp() {
        subject = ChanSubject.of(kind());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (subject != null) {
            subject.close();
        }
    }
}
