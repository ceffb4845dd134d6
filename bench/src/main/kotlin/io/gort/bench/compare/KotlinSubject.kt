package io.gort.bench.compare

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import java.lang.management.ManagementFactory
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * The "kotlin" subject of the comparison suite: the twelve workloads of [Workload] written the way
 * a Kotlin programmer writes them with kotlinx.coroutines — a goroutine is a coroutine started with
 * `launch` on `Dispatchers.Default`, a Go channel a kotlinx `Channel` (`Channel()` is Go's
 * unbuffered channel, `Channel(1024)` a buffered one), Go's `select` kotlinx's `select` with
 * `onReceive` and `onTimeout`, `sync.Mutex` kotlinx's `sync.Mutex`, `sync.WaitGroup` structured
 * concurrency (`coroutineScope` returns when every child has completed). The parameters are Go's
 * (`bench/go/compare/workloads.go`, the same table as [Workload]'s comments).
 *
 * Each [run] is one whole program on the calling thread's `runBlocking`: it starts its coroutines
 * inside one `coroutineScope`, so when it returns no coroutine of it is left running; it checks its
 * result and throws [AssertionError] saying what was wrong; it fails with a
 * `TimeoutCancellationException` after `gort.bench.timeout.s` seconds (600) instead of hanging
 * (except inside a blocking socket call, which cancellation does not interrupt).
 *
 * Procs: `Dispatchers.Default` has as many threads as `-Dkotlinx.coroutines.scheduler.core.pool.size`
 * says, read once when the JVM first touches it; the fork must pass it equal to `procs`. Without the
 * property (a unit test in a shared JVM) the workloads run on `Dispatchers.Default.limitedParallelism(procs)`,
 * at most `procs` coroutines at once on the default pool; with the property set to another value,
 * [run] refuses (the JVM's pool cannot be resized). `kotlinx.coroutines.scheduler.max.pool.size` must
 * stay unset: Dispatchers.IO's threads (ECHO) come from the same scheduler, up to that maximum.
 *
 * ECHO uses blocking `java.net` sockets on `Dispatchers.IO` (kotlinx.coroutines has no suspending
 * socket; Ktor's is a separate library): each connection holds an IO thread while it waits, as a
 * thread-per-connection server does, where Go's and gort's goroutines park and free their carrier.
 */
class KotlinSubject : Subject {

    override fun name(): String = "kotlin"

    override fun supports(w: Workload): Boolean = true

    override fun run(w: Workload, size: Size, procs: Int): Double {
        require(procs >= 1) { "procs must be at least 1, got $procs" }
        val p = if (size == Size.FULL) FULL else SMOKE
        val dispatcher = dispatcher(procs)
        return runBlocking(dispatcher) {
            withTimeout(TIMEOUT_MILLIS) {
                when (w) {
                    Workload.SPAWN -> spawn(p.spawn)
                    Workload.SKYNET -> skynet(p.skynetLeaves)
                    Workload.PINGPONG -> pingpong(p.roundTrips)
                    Workload.SPSC -> producersConsumers(p.spsc, 1, 1)
                    Workload.MPMC -> producersConsumers(p.mpmc, MPMC_PRODUCERS, MPMC_CONSUMERS)
                    Workload.SELECT -> select(p.selectMsgs)
                    Workload.SIEVE -> sieve(p.sievePrimes, p.sieveLast)
                    Workload.IDLE -> idle(p.idle)
                    Workload.MUTEX -> mutex(p.mutexIncrs)
                    Workload.PIPELINE -> pipeline(p.pipeline)
                    Workload.TIMERS -> timers(p.timers)
                    Workload.ECHO -> echo(p.echoClients, p.echoRequests)
                }
            }
        }
    }

    /** One column of the parameter table (FULL | SMOKE), as Go's `size`. */
    private class Params(
        val spawn: Int, val skynetLeaves: Long, val roundTrips: Int, val spsc: Int, val mpmc: Int,
        val selectMsgs: Int, val sievePrimes: Int, val sieveLast: Int, val idle: Int, val mutexIncrs: Int,
        val pipeline: Int, val timers: Int, val echoClients: Int, val echoRequests: Int,
    )

    private companion object {
        val FULL = Params(1_000_000, 1_000_000, 100_000, 1_000_000, 1_000_000, 400_000, 2000, 17389,
            1_000_000, 1_000_000, 1_000_000, 100_000, 100, 1000)
        val SMOKE = Params(1000, 1000, 1000, 10_000, 10_000, 4000, 100, 541, 1000, 1000, 10_000, 1000, 4, 10)

        const val CAPACITY = 1024
        const val MPMC_PRODUCERS = 4
        const val MPMC_CONSUMERS = 4
        const val SELECT_CHANS = 4
        const val SKYNET_FANOUT = 10
        const val MUTEX_COROUTINES = 8
        const val PIPELINE_WORKERS = 4
        const val TIMER_DELAY_MILLIS = 10L
        const val ECHO_MESSAGE = 64
        const val POOL_SIZE = "kotlinx.coroutines.scheduler.core.pool.size"

        val TIMEOUT_MILLIS = 1000L * (System.getProperty("gort.bench.timeout.s")?.toLongOrNull() ?: 600L)

        fun dispatcher(procs: Int): CoroutineDispatcher {
            val pool = System.getProperty(POOL_SIZE) ?: return Dispatchers.Default.limitedParallelism(procs)
            require(pool.trim().toIntOrNull() == procs) {
                "the JVM's Dispatchers.Default has -D$POOL_SIZE=$pool threads, asked for procs=$procs: start the fork with -D$POOL_SIZE=$procs"
            }
            return Dispatchers.Default
        }

        fun perOp(startNanos: Long, n: Int): Double = (System.nanoTime() - startNanos).toDouble() / n
        fun millisSince(startNanos: Long): Double = (System.nanoTime() - startNanos) / 1e6

        fun checkSum(workload: String, sum: Long, n: Int) {
            val want = n.toLong() * (n - 1) / 2
            if (sum != want) throw AssertionError("$workload: received values sum to $sum, expected $want")
        }
    }

    /** The measuring coroutine launches [n] coroutines; each counts a shared counter down. They are
     * children of one `coroutineScope`, which returns when all have completed (Go's WaitGroup); the
     * counter must then be zero. */
    private suspend fun spawn(n: Int): Double {
        val left = AtomicLong(n.toLong())
        val start = System.nanoTime()
        coroutineScope { repeat(n) { launch { left.decrementAndGet() } } }
        val t = perOp(start, n)
        if (left.get() != 0L) throw AssertionError("spawn: ${left.get()} coroutines did not count down")
        return t
    }

    /** Skynet: 10 children per node, each node sends its sum up a rendezvous channel; all nodes are
     * children of one scope (as bench's KotlinChannels.skynet), so no scope per node. */
    private suspend fun skynet(leaves: Long): Double = coroutineScope {
        val c = Channel<Long>()
        val start = System.nanoTime()
        launch { skynetNode(this, c, 0, leaves) }
        val sum = c.receive()
        val t = millisSince(start)
        val want = leaves * (leaves - 1) / 2
        if (sum != want) throw AssertionError("skynet: the root received $sum, expected $want")
        t
    }

    private suspend fun skynetNode(scope: CoroutineScope, c: SendChannel<Long>, num: Long, leaves: Long) {
        if (leaves == 1L) {
            c.send(num)
            return
        }
        val rc = Channel<Long>()
        val child = leaves / SKYNET_FANOUT
        for (i in 0 until SKYNET_FANOUT) {
            val sub = num + i * child
            scope.launch { skynetNode(this, rc, sub, child) }
        }
        var sum = 0L
        repeat(SKYNET_FANOUT) { sum += rc.receive() }
        c.send(sum)
    }

    /** Two coroutines, two rendezvous channels; the ponger sends back what it received until ping closes. */
    private suspend fun pingpong(n: Int): Double = coroutineScope {
        val ping = Channel<Int>()
        val pong = Channel<Int>()
        val start = System.nanoTime()
        launch { for (v in ping) pong.send(v) }
        var sum = 0L
        for (i in 0 until n) {
            ping.send(i)
            sum += pong.receive()
        }
        ping.close()
        val t = perOp(start, n)
        checkSum("pingpong", sum, n)
        t
    }

    /** [producers] send 0 until n (split evenly) into one `Channel(1024)`; when all have sent, the
     * measuring coroutine closes it; [consumers] iterate over it and add up what they got. */
    private suspend fun producersConsumers(n: Int, producers: Int, consumers: Int): Double = coroutineScope {
        val ch = Channel<Int>(CAPACITY)
        val perProducer = n / producers
        val sums = Channel<Long>()
        val start = System.nanoTime()
        val senders = List(producers) { p ->
            launch {
                val base = p * perProducer
                for (i in 0 until perProducer) ch.send(base + i)
            }
        }
        repeat(consumers) {
            launch {
                var s = 0L
                for (v in ch) s += v
                sums.send(s)
            }
        }
        senders.joinAll()
        ch.close()
        var total = 0L
        repeat(consumers) { total += sums.receive() }
        val t = perOp(start, n)
        checkSum(if (producers == 1) "spsc" else "mpmc", total, n)
        t
    }

    /** One consumer selects over 4 rendezvous channels, one producer each. */
    private suspend fun select(messages: Int): Double = coroutineScope {
        val perProducer = messages / SELECT_CHANS
        val n = perProducer * SELECT_CHANS
        val chans = List(SELECT_CHANS) { Channel<Int>() }
        val start = System.nanoTime()
        for (p in 0 until SELECT_CHANS) {
            launch {
                val base = p * perProducer
                for (i in 0 until perProducer) chans[p].send(base + i)
            }
        }
        var sum = 0L
        repeat(n) { sum += select<Int> { for (c in chans) c.onReceive { it } } }
        val t = perOp(start, n)
        checkSum("select", sum, n)
        t
    }

    /** Go's concurrent prime sieve to the [primes]-th prime, then torn down inside the measured time:
     * the generator stops and closes its channel, each filter closes its output when its input
     * closes, and the measuring coroutine drains the last channel. */
    private suspend fun sieve(primes: Int, last: Int): Double = coroutineScope {
        val start = System.nanoTime()
        val stop = AtomicBoolean()
        val generated = Channel<Int>()
        launch {
            var i = 2
            while (!stop.get()) generated.send(i++)
            generated.close()
        }
        var ch: ReceiveChannel<Int> = generated
        var prime = 0
        for (n in 0 until primes) {
            prime = ch.receive()
            if (n == primes - 1) break
            val out = Channel<Int>()
            val from = ch
            val p = prime
            launch { sieveFilter(from, out, p) }
            ch = out
        }
        stop.set(true)
        for (v in ch) { /* drain */ }
        val t = millisSince(start)
        if (prime != last) throw AssertionError("sieve: prime number $primes came out as $prime, expected $last")
        t
    }

    private suspend fun sieveFilter(from: ReceiveChannel<Int>, to: SendChannel<Int>, prime: Int) {
        for (v in from) if (v % prime != 0) to.send(v)
        to.close()
    }

    /** [n] coroutines suspended on `receiveCatching()` of ONE rendezvous channel; the value is (used
     * heap after `System.gc()` with all of them suspended) minus (the same before), over n: what a
     * suspended coroutine costs (its Job, its continuation, its waiter cell in the channel). Then the
     * channel is closed and every coroutine must see it closed and complete. */
    private suspend fun idle(n: Int): Double {
        val gate = Channel<Unit>()
        val started = AtomicInteger()
        val woken = AtomicInteger()
        val before = usedHeapAfterGc()
        var after = 0L
        coroutineScope { // returns when all n have seen the close and completed
            repeat(n) {
                launch {
                    started.incrementAndGet()
                    if (gate.receiveCatching().isClosed) woken.incrementAndGet()
                }
            }
            // Each has run up to its receive; yield so that those still between the count and the
            // receive (at most procs of them) suspend before the collection.
            while (started.get() < n) yield()
            repeat(10) { yield() }
            after = usedHeapAfterGc()
            gate.close()
        }
        if (woken.get() != n) throw AssertionError("idle: ${woken.get()} of $n coroutines saw the channel closed")
        val delta = after - before
        if (delta <= 0) throw AssertionError("idle: the used heap did not grow with $n coroutines suspended ($delta bytes)")
        return delta.toDouble() / n
    }

    private fun usedHeapAfterGc(): Long {
        val memory = ManagementFactory.getMemoryMXBean()
        System.gc()
        System.gc()
        return memory.heapMemoryUsage.used
    }

    /** 8 coroutines x [each] increments of one counter under one kotlinx `Mutex`; ns per increment. */
    private suspend fun mutex(each: Int): Double {
        val mu = Mutex()
        var counter = 0L
        val start = System.nanoTime()
        coroutineScope {
            repeat(MUTEX_COROUTINES) {
                launch { repeat(each) { mu.withLock { counter++ } } }
            }
        }
        val total = MUTEX_COROUTINES * each
        val t = perOp(start, total)
        val got = mu.withLock { counter }
        if (got != total.toLong()) throw AssertionError("mutex: the counter is $got, expected $total")
        return t
    }

    /** A generator sends 1..n on a rendezvous channel and closes it; 4 workers iterate over it and
     * send x*x (a Long) on one shared rendezvous channel (the fan-in); a closer coroutine closes that
     * once all 4 workers are done; the measuring coroutine sums what comes out. Checked: the sum of
     * squares. */
    private suspend fun pipeline(n: Int): Double = coroutineScope {
        val start = System.nanoTime()
        val input = Channel<Long>()
        val out = Channel<Long>()
        launch {
            for (i in 1..n.toLong()) input.send(i)
            input.close()
        }
        val workers = List(PIPELINE_WORKERS) {
            launch { for (x in input) out.send(x * x) }
        }
        launch {
            workers.joinAll()
            out.close()
        }
        var sum = 0L
        for (v in out) sum += v
        val t = perOp(start, n)
        val want = n.toLong() * (n + 1) * (2L * n + 1) / 6
        if (sum != want) throw AssertionError("pipeline: the squares sum to $sum, expected $want")
        t
    }

    /** [n] coroutines each `select { never.onReceive; onTimeout(10 ms) }`; all must time out. The
     * value is the wall time until the last one has (10 ms of it the timer itself). */
    @OptIn(ExperimentalCoroutinesApi::class)
    private suspend fun timers(n: Int): Double {
        val never = Channel<Unit>()
        val timedOut = AtomicInteger()
        val fired = AtomicInteger()
        val start = System.nanoTime()
        coroutineScope {
            repeat(n) {
                launch {
                    select<Unit> {
                        never.onReceive { fired.incrementAndGet() }
                        onTimeout(TIMER_DELAY_MILLIS) { timedOut.incrementAndGet() }
                    }
                }
            }
        }
        val t = millisSince(start)
        if (timedOut.get() != n || fired.get() != 0) {
            throw AssertionError("timers: ${timedOut.get()} of $n coroutines timed out, ${fired.get()} received from the never-ready channel")
        }
        return t
    }

    /** An echo server on loopback TCP — an accept loop and a coroutine per connection copying what
     * it reads back — and [clients] client coroutines, each with its own connection, sending
     * [requests] requests of 64 bytes and reading each 64-byte reply before the next. Sockets are
     * blocking `java.net` ones (TCP_NODELAY, as Go's), every blocking call on an IO view with a
     * thread for each connection's two ends and the accept loop (Dispatchers.IO alone has 64, fewer
     * than FULL's 201 blocked calls, and would deadlock). The value is the wall time from the first
     * connect to the last client's close, over all requests. Checked: every reply is the request,
     * byte for byte, and the server echoed exactly the bytes sent. */
    private suspend fun echo(clients: Int, requests: Int): Double = coroutineScope {
        val io = Dispatchers.IO.limitedParallelism(2 * clients + 1)
        val server = withContext(io) { ServerSocket(0, 4 * clients + 64, InetAddress.getLoopbackAddress()) }
        val serverBytes = AtomicLong()
        val acceptor = launch(io) {
            coroutineScope {
                while (true) {
                    val conn = try { server.accept() } catch (e: SocketException) { break } // closed: done
                    conn.tcpNoDelay = true
                    launch(io) { serverBytes.addAndGet(echoConnection(conn)) }
                }
            }
        }
        val start = System.nanoTime()
        val clientJobs = List(clients) { c -> launch { echoClient(io, server.localPort, c, requests) } }
        try {
            clientJobs.joinAll()
        } finally {
            withContext(io) { server.close() }
        }
        val t = (System.nanoTime() - start) / 1e3 / (clients * requests)
        acceptor.join()
        val want = clients.toLong() * requests * ECHO_MESSAGE
        if (serverBytes.get() != want) throw AssertionError("echo: the server echoed ${serverBytes.get()} bytes, expected $want")
        t
    }

    /** Copies what conn reads back to it until the client closes its side (Go's io.Copy(conn, conn)). */
    private fun echoConnection(conn: Socket): Long = conn.use {
        val input = it.getInputStream()
        val output = it.getOutputStream()
        val buf = ByteArray(32 * 1024) // io.Copy's buffer
        var total = 0L
        while (true) {
            val n = input.read(buf)
            if (n < 0) break
            output.write(buf, 0, n)
            total += n
        }
        total
    }

    /** Request r of client c is filled with (c + r + i).toByte(), so a reply from the wrong
     * connection or position shows. Each round trip's blocking calls run on [io]. */
    private suspend fun echoClient(io: CoroutineDispatcher, port: Int, c: Int, requests: Int) {
        val socket = withContext(io) { Socket(InetAddress.getLoopbackAddress(), port).apply { tcpNoDelay = true } }
        try {
            val req = ByteArray(ECHO_MESSAGE)
            val reply = ByteArray(ECHO_MESSAGE)
            for (r in 0 until requests) {
                for (i in req.indices) req[i] = (c + r + i).toByte()
                val got = withContext(io) {
                    socket.getOutputStream().write(req)
                    socket.getInputStream().readNBytes(reply, 0, ECHO_MESSAGE)
                }
                if (got != ECHO_MESSAGE) throw AssertionError("echo: client $c reply $r: $got bytes, expected $ECHO_MESSAGE")
                for (i in reply.indices) {
                    if (reply[i] != req[i]) throw AssertionError("echo: client $c reply $r: byte $i is ${reply[i]}, sent ${req[i]}")
                }
            }
        } finally {
            withContext(io) { socket.close() }
        }
    }
}
