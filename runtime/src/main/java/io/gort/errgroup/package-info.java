/**
 * Go's {@code golang.org/x/sync/errgroup}: a group of goroutines working on subtasks of one task,
 * with the first error cancelling the rest ({@link io.gort.errgroup.Group}).
 */
package io.gort.errgroup;
