/** The concurrency chapter of A Tour of Go, ported. Each program is a {@code main}; a test checks its output. */
package io.gort.examples.tour;
