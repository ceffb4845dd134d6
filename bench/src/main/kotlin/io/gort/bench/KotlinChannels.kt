package io.gort.bench

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.withTimeout
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The Kotlin subject of the channel benchmarks: the same workloads as the Java classes
 * (`Chan*Benchmark`), written with kotlinx.coroutines channels and `select`, on
 * `Dispatchers.Default` (whose core pool the JMH forks set to the same number of carriers as every
 * other subject). Each function runs the whole workload on `Dispatchers.Default` and returns what
 * the Java benchmark checks; the calling (JMH) thread waits in `runBlocking`. A workload that takes
 * longer than `gort.bench.timeout.s` fails with a `TimeoutCancellationException` instead of hanging.
 */
object KotlinChannels {
    private val timeoutMillis = 1000L * (System.getProperty("gort.bench.timeout.s")?.toLongOrNull() ?: 120L)

    private fun <T> onDefault(body: suspend CoroutineScope.() -> T): T =
        runBlocking(Dispatchers.Default) { withTimeout(timeoutMillis) { coroutineScope { body() } } }

    /** Two coroutines, two unbuffered channels; returns the sum of the values that came back. */
    @JvmStatic
    fun pingPong(roundTrips: Int): Long = onDefault {
        val ping = Channel<Int>()
        val pong = Channel<Int>()
        launch {
            repeat(roundTrips) { pong.send(ping.receive()) }
        }
        var sum = 0L
        for (i in 0 until roundTrips) {
            ping.send(i)
            sum += pong.receive()
        }
        sum
    }

    /** Ping-pong where the receiver selects on the data channel and a timeout that never fires
     * (`onTimeout` is still marked experimental in kotlinx.coroutines 1.11). */
    @OptIn(ExperimentalCoroutinesApi::class)
    @JvmStatic
    fun timeoutPingPong(roundTrips: Int, timeoutMillis: Long): Long = onDefault {
        val ping = Channel<Int>()
        val pong = Channel<Int>()
        launch {
            repeat(roundTrips) {
                val v = select<Int?> {
                    ping.onReceive { it }
                    onTimeout(timeoutMillis) { null }
                }
                pong.send(v ?: throw AssertionError("timeout-select: the timeout fired"))
            }
        }
        var sum = 0L
        for (i in 0 until roundTrips) {
            ping.send(i)
            sum += pong.receive()
        }
        sum
    }

    /** `producers` coroutines send `messages` values in all (0 until messages, split evenly) into one
     * channel of `capacity`; `consumers` coroutines receive them; returns the sum received. */
    @JvmStatic
    fun producersConsumers(producers: Int, consumers: Int, capacity: Int, messages: Int): Long = onDefault {
        val ch = Channel<Int>(capacity)
        val perProducer = messages / producers
        val perConsumer = messages / consumers
        for (p in 0 until producers) {
            launch {
                val base = p * perProducer
                for (i in 0 until perProducer) ch.send(base + i)
            }
        }
        val sums = LongArray(consumers)
        coroutineScope {
            for (c in 0 until consumers) {
                launch {
                    var s = 0L
                    repeat(perConsumer) { s += ch.receive() }
                    sums[c] = s
                }
            }
        }
        sums.sum()
    }

    /** One consumer selects over `producers` unbuffered channels, each fed by its own producer;
     * returns the sum received. */
    @JvmStatic
    fun select(producers: Int, messages: Int): Long = onDefault {
        val chans = List(producers) { Channel<Int>() }
        val perProducer = messages / producers
        for (p in 0 until producers) {
            launch {
                val base = p * perProducer
                for (i in 0 until perProducer) chans[p].send(base + i)
            }
        }
        var sum = 0L
        repeat(perProducer * producers) {
            sum += select<Int> { for (c in chans) c.onReceive { it } }
        }
        sum
    }

    /** Go's concurrent prime sieve; returns the `primes`-th prime. Tears the pipeline down after. */
    @JvmStatic
    fun sieve(primes: Int): Int = onDefault {
        val stop = AtomicBoolean()
        var ch: ReceiveChannel<Int> = Channel<Int>().also { out ->
            launch {
                var i = 2
                while (!stop.get()) out.send(i++)
                out.close()
            }
        }
        var last = 0
        for (n in 0 until primes) {
            val prime = ch.receive()
            last = prime
            if (n == primes - 1) break
            val out = Channel<Int>()
            val from = ch
            launch { filter(from, out, prime) }
            ch = out
        }
        stop.set(true)
        for (v in ch) { /* drain: the generator closes, and each filter closes its output in turn */ }
        last
    }

    private suspend fun filter(from: ReceiveChannel<Int>, to: SendChannel<Int>, prime: Int) {
        for (v in from) if (v % prime != 0) to.send(v)
        to.close()
    }

    /** Skynet: `leaves` leaves, `fanout` children per node, each node sends its sum up an unbuffered
     * channel; returns the root's sum. */
    @JvmStatic
    fun skynet(leaves: Long, fanout: Int): Long = onDefault {
        val c = Channel<Long>()
        launch { skynet(this, c, 0, leaves, fanout) }
        c.receive()
    }

    private suspend fun skynet(scope: CoroutineScope, c: SendChannel<Long>, num: Long, size: Long, fanout: Int) {
        if (size == 1L) {
            c.send(num)
            return
        }
        val rc = Channel<Long>()
        val child = size / fanout
        for (i in 0 until fanout) {
            val sub = num + i * child
            scope.launch { skynet(this, rc, sub, child, fanout) }
        }
        var sum = 0L
        repeat(fanout) { sum += rc.receive() }
        c.send(sum)
    }
}
