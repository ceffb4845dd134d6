/**
 * Go's {@code golang.org/x/sync/errgroup}: a group of goroutines working on subtasks of one task,
 * with the first error cancelling the rest ({@link io.gort.errgroup.Group}). A subtask is a {@link
 * io.gort.errgroup.Task} ({@code func() error}: it fails by throwing); {@link
 * io.gort.errgroup.Group#await()} throws a {@link io.gort.errgroup.GroupException} carrying the first
 * error as its cause and the others as suppressed, {@link io.gort.errgroup.Group#awaitError()}
 * returns the first error as Go's {@code Wait} does.
 */
package io.gort.errgroup;
