/** The concurrency chapters of Go by Example, ported. Each program is a {@code main}; a test checks its output. */
package io.gort.examples.gobyexample;
