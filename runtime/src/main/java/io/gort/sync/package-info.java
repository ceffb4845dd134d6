/**
 * Go's {@code sync} package and {@code golang.org/x/sync}'s semaphore and singleflight, for
 * goroutines: {@link io.gort.sync.WaitGroup}, {@link io.gort.sync.Mutex}, {@link io.gort.sync.RWMutex},
 * {@link io.gort.sync.Cond}, {@link io.gort.sync.Once}, {@link io.gort.sync.Pool},
 * {@link io.gort.sync.Semaphore}, {@link io.gort.sync.SingleFlight}. Every wait parks the goroutine,
 * never its carrier, and records what it waits on (the goroutine's wait reason: "sync.Mutex.Lock",
 * "sync.WaitGroup.Wait", …) for goroutine dumps and, later, deadlock detection; {@code Pool} never
 * waits. Each class states its memory-model guarantee in happens-before terms, as Go's
 * documentation does.
 */
package io.gort.sync;
