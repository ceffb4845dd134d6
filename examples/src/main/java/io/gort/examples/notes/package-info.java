/** The Go examples of the notes gort grew from (race, atomicity, deadlock, livelock, starvation, fork-join, locks, patterns), ported. Each program is a {@code main}; a test checks its output. */
package io.gort.examples.notes;
