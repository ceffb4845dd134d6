package io.gort.bench

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withTimeout

/**
 * The Kotlin subject of the sync benchmarks (`Sync*Benchmark`): the same workloads with
 * kotlinx.coroutines' `sync.Mutex` and the standard library's `lazy`, on `Dispatchers.Default`
 * (whose core pool the JMH forks set to the same number of carriers as every other subject).
 * [parallel] is Go's `b.RunParallel`, as `SyncBenchmark.runParallel` is for the Java subjects: `n`
 * coroutines, `each` iterations apiece. Kotlin has no RW mutex and no WaitGroup in its public API,
 * so those benchmarks have no Kotlin subject.
 */
object KotlinSync {
    private val timeoutMillis = 1000L * (System.getProperty("gort.bench.timeout.s")?.toLongOrNull() ?: 120L)

    /** Where each coroutine publishes its own mutex in [mutexUncontended], so that escape analysis cannot remove it. */
    private val own = arrayOfNulls<Any>(64)

    private fun <T> onDefault(body: suspend CoroutineScope.() -> T): T =
        runBlocking(Dispatchers.Default) { withTimeout(timeoutMillis) { coroutineScope { body() } } }

    /** `n` coroutines each run `body(g)`; returns the sum of what they returned. */
    private fun parallel(n: Int, body: suspend (Int) -> Long): Long = onDefault {
        val results = LongArray(n)
        coroutineScope {
            for (g in 0 until n) launch { results[g] = body(g) }
        }
        results.sum()
    }

    /** `BenchmarkMutexUncontended`: each coroutine locks and unlocks its own mutex `each` times; returns the pairs done. */
    @JvmStatic
    fun mutexUncontended(n: Int, each: Int): Long = parallel(n) { g ->
        val mu = Mutex()
        own[g % own.size] = mu
        repeat(each) {
            mu.lock()
            mu.unlock()
        }
        each.toLong()
    }

    /** `BenchmarkMutex` / `BenchmarkMutexSlack`: `n` coroutines lock and unlock one mutex `each` times apiece. */
    @JvmStatic
    fun mutex(n: Int, each: Int): Long {
        val mu = Mutex()
        return parallel(n) {
            repeat(each) {
                mu.lock()
                mu.unlock()
            }
            each.toLong()
        }
    }

    /** The counter anchor: `n` coroutines each increment one counter `each` times under one mutex; returns the counter. */
    @JvmStatic
    fun counter(n: Int, each: Int): Long {
        val mu = Mutex()
        var count = 0L
        parallel(n) {
            repeat(each) {
                mu.withLock { count++ }
            }
            0L
        }
        return count
    }

    /** `BenchmarkOnce` with Kotlin's once, `lazy` (synchronized): `n` coroutines read one lazy value `each` times apiece; returns the reads. */
    @JvmStatic
    fun once(n: Int, each: Int, f: Runnable): Long {
        val once = lazy { f.run() }
        return parallel(n) {
            repeat(each) { once.value }
            each.toLong()
        }
    }
}
