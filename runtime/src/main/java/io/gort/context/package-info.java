/**
 * Go's package {@code context}: cancellation, deadlines and request-scoped values that flow down a
 * tree of contexts ({@link io.gort.context.Context}).
 */
package io.gort.context;
