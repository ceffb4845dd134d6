/** The examples of "Concurrency in Go" chapters 3 to 5, ported. Each program is a {@code main}; a test checks its output. */
package io.gort.examples.cig;
