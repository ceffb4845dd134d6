package io.gort.errgroup;

/**
 * A subtask run by a {@link Group}: Go's {@code func() error}. Returning normally is Go's {@code
 * return nil}; throwing anything, checked or not, is returning an error. A task that needs the
 * group's context captures it ({@code Context ctx = g.context();}) as Go's closures capture {@code
 * ctx}.
 */
@FunctionalInterface
public interface Task {
    /** Does the work; throws to report that it failed. */
    void run() throws Exception;
}
