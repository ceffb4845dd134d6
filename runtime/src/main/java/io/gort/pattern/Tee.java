package io.gort.pattern;

import io.gort.chan.Receiver;

/**
 * The two outputs of {@link Channels#tee}: the book's {@code out1, out2 := tee(done, in)}. Every
 * value of the input is sent on both, and the next value is taken only once both have been
 * received, so the slower reader sets the pace. The stage's counters are registered under this
 * record ({@code StageStats.of(tee)}).
 */
public record Tee<T>(Receiver<T> first, Receiver<T> second) { }
