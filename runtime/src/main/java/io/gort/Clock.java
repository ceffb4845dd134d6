package io.gort;

import java.time.Instant;

/**
 * The time source of gort's timers: a monotonic nanosecond counter for deadlines and the wall
 * clock for the values a timer sends. Package-private. Two exist: {@link #SYSTEM} (the global
 * timer engine's) and each {@link Synctest} bubble's {@link VirtualClock}.
 */
interface Clock {
    /** Monotonic nanoseconds, comparable only by subtraction (as {@link System#nanoTime()}). */
    long nanoTime();

    /** The wall-clock time a firing timer sends on its channel (Go's {@code time.Now()}). */
    Instant now();

    /** The JVM's clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };
}
