package io.gort.bench

import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.produce
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withTimeout
import java.util.concurrent.atomic.AtomicLong

/**
 * The Kotlin subject of the ctx group (`Ctx*Benchmark`): what kotlinx.coroutines 1.11 offers for
 * Go's context, errgroup and pipelines.
 *
 * - context: a `Job` tree. `Job(parent)` is a child that the parent's cancel cancels (Go's
 *   `WithCancel(parent)`); `isActive` is `ctx.Err() == nil`; a select on `onJoin` with a zero
 *   `onTimeout` is `select { case <-ctx.Done(): default: }` (kotlinx's select has no default).
 * - errgroup with a limit: `coroutineScope` (the first failure cancels the rest and is rethrown,
 *   as `Group.WithContext` + `Wait`), a `Semaphore` taken by the launching coroutine before each
 *   `launch` and given back by the child, as errgroup's `Go` blocks on its token channel before `go`.
 * - the pipeline: `produce` stages with rendezvous channels (Go's unbuffered channels; the scope's
 *   cancel is the done channel), and a `Flow` (`flow {}.map {}.filter {}`), which runs every stage
 *   in the collecting coroutine with no channel at all: the idiomatic Kotlin, not the same program.
 *
 * Coroutines run on `Dispatchers.Default`, whose core pool the JMH forks set to the same number of
 * carriers as every other subject; the context calls need no coroutine and run on the JMH thread.
 */
object KotlinCtx {
    private val timeoutMillis = 1000L * (System.getProperty("gort.bench.timeout.s")?.toLongOrNull() ?: 120L)

    private fun <T> onDefault(body: suspend CoroutineScope.() -> T): T =
        runBlocking(Dispatchers.Default) { withTimeout(timeoutMillis) { coroutineScope { body() } } }

    /** A root job: `context.WithCancel(context.Background())`. */
    @JvmStatic
    fun root(): CompletableJob = Job()

    /** `WithCancel(parent)` and its cancel: a child job of `parent`, cancelled at once; returns it. */
    @JvmStatic
    fun withCancel(parent: Job): Job {
        val child = Job(parent)
        child.cancel()
        return child
    }

    /** `ctx.Err() == nil`. */
    @JvmStatic
    fun isActive(job: Job): Boolean = job.isActive

    /** `n` times `select { case <-ctx.Done(): default: }` on `job`; returns how many saw it done. */
    @OptIn(ExperimentalCoroutinesApi::class)
    @JvmStatic
    fun doneSelect(job: Job, n: Int): Int = runBlocking {
        var done = 0
        repeat(n) {
            val isDone = select<Boolean> {
                job.onJoin { true }
                onTimeout(0) { false }
            }
            if (isDone) done++
        }
        done
    }

    /** A tree that [buildTree] built: how many jobs, and the last leaf. */
    class Built(val made: Int, val leaf: Job)

    /** Makes `fanout` child jobs of `parent`, and of each of them, `depth` levels deep. */
    @JvmStatic
    fun buildTree(parent: Job, fanout: Int, depth: Int): Built {
        if (depth == 0) return Built(0, parent)
        var made = 0
        var leaf: Job = parent
        repeat(fanout) {
            val sub = buildTree(Job(parent), fanout, depth - 1)
            made += 1 + sub.made
            leaf = sub.leaf
        }
        return Built(made, leaf)
    }

    /** errgroup with `SetLimit(limit)`: `tasks` tasks that each add 1 to a counter, then wait; returns the counter. */
    @JvmStatic
    fun errgroup(tasks: Int, limit: Int): Long = onDefault {
        val sem = Semaphore(limit)
        val count = AtomicLong()
        coroutineScope {
            repeat(tasks) {
                sem.acquire()
                launch {
                    try {
                        count.incrementAndGet()
                    } finally {
                        sem.release()
                    }
                }
            }
        }
        count.get()
    }

    /** generator → x*2 → multiples of 3 → sum, three `produce` stages over rendezvous channels; returns the sum
     * (`produce` is still marked experimental in kotlinx.coroutines 1.11). */
    @OptIn(ExperimentalCoroutinesApi::class)
    @JvmStatic
    fun pipelineChannels(n: Int): Long = onDefault {
        val generated = produce { for (i in 0 until n) send(i) }
        val doubled = produce { for (x in generated) send(x * 2) }
        val kept = produce { for (x in doubled) if (x % 3 == 0) send(x) }
        var sum = 0L
        for (x in kept) sum += x
        sum
    }

    /** The same as a `Flow`: every stage runs in the collector's coroutine. */
    @JvmStatic
    fun pipelineFlow(n: Int): Long = onDefault {
        var sum = 0L
        flow { for (i in 0 until n) emit(i) }
            .map { it * 2 }
            .filter { it % 3 == 0 }
            .collect { sum += it }
        sum
    }
}
