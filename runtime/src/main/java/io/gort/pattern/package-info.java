/**
 * The patterns of "Concurrency in Go" (Katherine Cox-Buday, O'Reilly 2017), generic and
 * cancellable: or-channel, or-done, tee, bridge, fan-in, fan-out, pipeline stages, bounded queues,
 * priority channels, heartbeats, replicated requests, rate limiting, the steward and confinement.
 * Every goroutine a pattern starts ends when its input closes or its context is cancelled.
 */
package io.gort.pattern;
