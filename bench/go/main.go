// Command bench runs gort's scheduler workloads in Go, for comparison with the JMH benchmarks in
// bench/src/main/java/io/gort/bench. Each workload is run -warmup times, then -runs times; it
// prints the median of the measured runs in the unit JMH reports:
//
//	spawn     ns/goroutine   1,000,000 goroutines spawned by one goroutine; each calls wg.Done
//	forkjoin  ms/tree        10 children x 6 levels (1,000,000 leaves); each node waits on a WaitGroup
//	pingpong  ns/round trip  two goroutines, two unbuffered channels, 1,000,000 round trips
//
// and the channel workloads, with the parameters of the Chan*Benchmark classes:
//
//	chan-pingpong  ns/round trip  two unbuffered channels, 100,000 round trips, the sum checked
//	chan-spsc      ns/msg         1 producer, 1 consumer, capacity 1024, 1,000,000 ints, sum checked
//	chan-mpmc      ns/msg         4 producers, 4 consumers, capacity 1024, 1,000,000 ints, sum checked
//	chan-select    ns/msg         1 consumer selects over 4 unbuffered channels, 4 producers, 400,000 ints
//	chan-sieve     ms             the concurrent prime sieve up to the 2,000th prime (17389, checked)
//	chan-skynet    ms             1,000,000 leaves, 10 children per node, sums up unbuffered channels
//	chan-timeout   ns/round trip  chan-pingpong whose receiver selects with case <-time.After(1s)
//
// and the sync workloads, with the parameters of the Sync*Benchmark classes: Go's own benchmarks
// from src/sync/*_test.go (Go 1.19.8), whose b.RunParallel runs GOMAXPROCS goroutines (10x for
// Slack) that share the iterations, here a fixed count split evenly (10,000,000 iterations; 1,000,000
// for RWMutex uncontended and work; 100,000,000 for WaitGroup Wait and Once), reported per iteration:
//
//	sync-mutex-uncontended      ns/op  BenchmarkMutexUncontended: a mutex per goroutine, lock/unlock
//	sync-mutex                  ns/op  BenchmarkMutex: one mutex, GOMAXPROCS goroutines, lock/unlock
//	sync-mutex-slack            ns/op  BenchmarkMutexSlack: the same with 10 x GOMAXPROCS goroutines
//	sync-rwmutex-uncontended    ns/op  BenchmarkRWMutexUncontended: RLock RLock RUnlock RUnlock Lock Unlock
//	sync-rwmutex-write100       ns/op  BenchmarkRWMutexWrite100: every 100th iteration writes, the others read
//	sync-rwmutex-write10        ns/op  BenchmarkRWMutexWrite10
//	sync-rwmutex-workwrite100   ns/op  BenchmarkRWMutexWorkWrite100: 100 multiply-divide pairs inside each read
//	sync-rwmutex-workwrite10    ns/op  BenchmarkRWMutexWorkWrite10
//	sync-waitgroup-uncontended  ns/op  BenchmarkWaitGroupUncontended: Add(1) Done() Wait() on a WaitGroup per goroutine
//	sync-waitgroup-adddone      ns/op  BenchmarkWaitGroupAddDone: Add(1) Done() on one WaitGroup
//	sync-waitgroup-wait         ns/op  BenchmarkWaitGroupWait: Wait() on one WaitGroup at zero
//	sync-once                   ns/op  BenchmarkOnce: once.Do(f) on one Once; f must run exactly once
//	sync-counter                ns/op  8 goroutines x 1,000,000 increments of one counter under one Mutex
//	sync-pool-gG                ns/op     BenchmarkPool: put+get of one object, G (2, 8) goroutines, 1,000,000 pairs
//	sync-pool-overflow-gG       ns/batch  BenchmarkPoolOverflow: 100 puts then 100 gets, G goroutines, 10,000 batches
//
// and the ctx workloads (ctx.go), with the parameters of the Ctx*Benchmark classes: context,
// errgroup (golang.org/x/sync v0.1.0), the book's pipeline and x/time/rate (v0.3.0):
//
//	ctx-withcancel   ns/op    WithCancel(parent) + cancel(), parent a live cancel context
//	ctx-err          ns/op    ctx.Err() of a live cancel context
//	ctx-done-select  ns/op    select { case <-ctx.Done(): default: } on a live cancel context
//	ctx-tree         us/tree  build a tree of 11,110 cancel contexts (10 children x 4 levels) and cancel its root
//	ctx-tree-cancel  us/tree  the same tree; only the root's cancel timed
//	ctx-errgroup     ns/task  errgroup.Group, SetLimit(8), 10,000 tasks adding 1 to a counter, Wait
//	ctx-pipeline     ns/item  generator -> x*2 -> multiples of 3 -> sum, unbuffered, done channel, 1,000,000 items
//	ctx-rate-inf     ns/op    rate.Limiter at Inf: Allow()
//	ctx-rate-allow   ns/op    rate.Limiter at 1e9/s, burst 1: Allow(), always true
//	ctx-rate-deny    ns/op    rate.Limiter at 1/hour, burst 1, drained: Allow(), always false
//
// Usage: GOMAXPROCS=2 go run . [-warmup 3] [-runs 5] [-scale 1] [NAME|sched|chan|sync|ctx|all]
//
// sched is the first three, chan the chan-* ones, sync the sync-* ones, ctx the ctx-* ones, all every one. -scale
// divides every count (the sieve's and skynet's sizes excepted) for a quick smoke run; the table
// uses -scale 1.
//
// Output, one line per workload, for bench/format.py:
//
//	RESULT spawn 412.3 ns/goroutine runs=[...]
//
// Java's ping-pong hands a turn over with LockSupport.park/unpark; Go has no such call, so here
// the turn travels over two unbuffered channels: the same two goroutine switches per round trip,
// plus the channel's own cost.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

const (
	spawnN     = 1_000_000
	fanout     = 10
	depth      = 6
	leaves     = 1_000_000
	roundTrips = 1_000_000
)

// spawn: one goroutine spawns spawnN goroutines; each decrements a shared counter (WaitGroup),
// one atomic add per goroutine as in Java. Wait returns only after exactly spawnN Done calls
// (one more would panic), so the count is checked by the WaitGroup itself.
func spawn() float64 {
	var wg sync.WaitGroup
	wg.Add(spawnN)
	start := time.Now()
	go func() {
		for i := 0; i < spawnN; i++ {
			go wg.Done()
		}
	}()
	wg.Wait()
	return float64(time.Since(start).Nanoseconds()) / spawnN
}

// node returns the number of leaves below a node d levels above them.
func node(d int) int64 {
	if d == 0 {
		return 1
	}
	var results [fanout]int64
	var wg sync.WaitGroup
	wg.Add(fanout)
	for i := 0; i < fanout; i++ {
		go func(i int) {
			results[i] = node(d - 1)
			wg.Done()
		}(i)
	}
	wg.Wait()
	var sum int64
	for _, r := range results {
		sum += r
	}
	return sum
}

// forkjoin: the whole tree, rooted in a goroutine as the Java version is.
func forkjoin() float64 {
	done := make(chan int64)
	start := time.Now()
	go func() { done <- node(depth) }()
	n := <-done
	elapsed := time.Since(start)
	if n != leaves {
		panic(fmt.Sprintf("forkjoin: counted %d leaves, expected %d", n, leaves))
	}
	return float64(elapsed.Nanoseconds()) / 1e6
}

var scale = flag.Int("scale", 1, "divide the channel workloads' message counts by this (smoke runs)")

// pingpong: two goroutines pass a turn back and forth over two unbuffered channels.
func pingpong() float64 {
	ping, pong := make(chan int), make(chan int)
	done := make(chan int)
	go func() {
		n := 0
		for v := range ping {
			n++
			pong <- v
		}
		done <- n
	}()
	start := time.Now()
	go func() {
		for i := 0; i < roundTrips; i++ {
			ping <- i
			<-pong
		}
		close(ping)
	}()
	n := <-done
	elapsed := time.Since(start)
	if n != roundTrips {
		panic(fmt.Sprintf("pingpong: %d round trips, expected %d", n, roundTrips))
	}
	return float64(elapsed.Nanoseconds()) / roundTrips
}

// The channel workloads: the same parameters as bench/src/main/java/io/gort/bench/Chan*Benchmark.
const (
	chanRoundTrips = 100_000
	chanMessages   = 1_000_000
	chanCapacity   = 1024
	mpmcProducers  = 4
	mpmcConsumers  = 4
	selectMessages = 400_000
	selectChans    = 4
	sievePrimes    = 2000
	sieveLast      = 17389
	skynetLeaves   = 1_000_000
	skynetFanout   = 10
	timeout        = time.Second
)

// checkSum panics unless sum is 0 + 1 + ... + (n-1), the sum of the values sent.
func checkSum(workload string, sum, n int64) {
	if want := n * (n - 1) / 2; sum != want {
		panic(fmt.Sprintf("%s: received values sum to %d, expected %d", workload, sum, want))
	}
}

// chanPingpong: ping-pong over two unbuffered channels; the pong side receives with recv.
func chanPingpong() float64 {
	return pingpongWith("chan-pingpong", func(ping <-chan int) int { return <-ping })
}

// chanTimeout: the same, but the pong side selects on ping and a one-second timer that never fires.
func chanTimeout() float64 {
	return pingpongWith("chan-timeout", func(ping <-chan int) int {
		select {
		case v := <-ping:
			return v
		case <-time.After(timeout):
			panic("chan-timeout: the timeout fired")
		}
	})
}

func pingpongWith(name string, recv func(<-chan int) int) float64 {
	n := chanRoundTrips / *scale
	ping, pong := make(chan int), make(chan int)
	done := make(chan int64)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			pong <- recv(ping)
		}
	}()
	go func() {
		var sum int64
		for i := 0; i < n; i++ {
			ping <- i
			sum += int64(<-pong)
		}
		done <- sum
	}()
	sum := <-done
	elapsed := time.Since(start)
	checkSum(name, sum, int64(n))
	return float64(elapsed.Nanoseconds()) / float64(n)
}

// producersConsumers: producers send 0..n-1 (split evenly) into one channel of chanCapacity;
// consumers receive an equal share each; returns ns per message.
func producersConsumers(name string, producers, consumers int) float64 {
	n := chanMessages / *scale
	ch := make(chan int, chanCapacity)
	perProducer, perConsumer := n/producers, n/consumers
	var total int64
	var wg sync.WaitGroup
	wg.Add(consumers)
	start := time.Now()
	for p := 0; p < producers; p++ {
		go func(base int) {
			for i := 0; i < perProducer; i++ {
				ch <- base + i
			}
		}(p * perProducer)
	}
	for c := 0; c < consumers; c++ {
		go func() {
			var sum int64
			for i := 0; i < perConsumer; i++ {
				sum += int64(<-ch)
			}
			atomic.AddInt64(&total, sum)
			wg.Done()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	checkSum(name, atomic.LoadInt64(&total), int64(n))
	return float64(elapsed.Nanoseconds()) / float64(n)
}

func chanSpsc() float64 { return producersConsumers("chan-spsc", 1, 1) }
func chanMpmc() float64 { return producersConsumers("chan-mpmc", mpmcProducers, mpmcConsumers) }

// chanSelect: one consumer selects over selectChans unbuffered channels, one producer each.
func chanSelect() float64 {
	n := selectMessages / *scale
	perProducer := n / selectChans
	var chans [selectChans]chan int
	for i := range chans {
		chans[i] = make(chan int)
	}
	done := make(chan int64)
	start := time.Now()
	for p := range chans {
		go func(ch chan<- int, base int) {
			for i := 0; i < perProducer; i++ {
				ch <- base + i
			}
		}(chans[p], p*perProducer)
	}
	go func() {
		var sum int64
		for i := 0; i < perProducer*selectChans; i++ {
			select {
			case v := <-chans[0]:
				sum += int64(v)
			case v := <-chans[1]:
				sum += int64(v)
			case v := <-chans[2]:
				sum += int64(v)
			case v := <-chans[3]:
				sum += int64(v)
			}
		}
		done <- sum
	}()
	sum := <-done
	elapsed := time.Since(start)
	checkSum("chan-select", sum, int64(perProducer*selectChans))
	return float64(elapsed.Nanoseconds()) / float64(perProducer*selectChans)
}

// chanSieve: Go's concurrent prime sieve (test/chan/sieve1.go) up to the sievePrimes-th prime, then
// torn down as the Java version is: the generator stops and closes, each filter closes its output
// when its input closes, and the main goroutine drains the last channel.
func chanSieve() float64 {
	done := make(chan int)
	start := time.Now()
	go func() {
		var stop atomic.Bool
		generated := make(chan int)
		go func() {
			for i := 2; !stop.Load(); i++ {
				generated <- i
			}
			close(generated)
		}()
		ch := generated
		prime := 0
		for n := 0; n < sievePrimes; n++ {
			prime = <-ch
			if n == sievePrimes-1 {
				break
			}
			out := make(chan int)
			go filter(ch, out, prime)
			ch = out
		}
		stop.Store(true)
		for range ch {
		}
		done <- prime
	}()
	last := <-done
	elapsed := time.Since(start)
	if last != sieveLast {
		panic(fmt.Sprintf("chan-sieve: prime number %d came out as %d, expected %d", sievePrimes, last, sieveLast))
	}
	return float64(elapsed.Nanoseconds()) / 1e6
}

func filter(in <-chan int, out chan<- int, prime int) {
	for v := range in {
		if v%prime != 0 {
			out <- v
		}
	}
	close(out)
}

// chanSkynet: github.com/atemerev/skynet; the root checks the sum of the leaves' numbers.
func chanSkynet() float64 {
	c := make(chan int64)
	start := time.Now()
	go skynet(c, 0, skynetLeaves)
	sum := <-c
	elapsed := time.Since(start)
	if want := int64(skynetLeaves) * (skynetLeaves - 1) / 2; sum != want {
		panic(fmt.Sprintf("chan-skynet: the root received %d, expected %d", sum, want))
	}
	return float64(elapsed.Nanoseconds()) / 1e6
}

func skynet(c chan<- int64, num, size int64) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int64)
	child := size / skynetFanout
	for i := int64(0); i < skynetFanout; i++ {
		go skynet(rc, num+i*child, child)
	}
	var sum int64
	for i := 0; i < skynetFanout; i++ {
		sum += <-rc
	}
	c <- sum
}

// The sync workloads: the same parameters as bench/src/main/java/io/gort/bench/Sync*Benchmark.
const (
	syncOps         = 10_000_000  // iterations per run (Mutex, RWMutex write100/10, WaitGroup)
	longOps         = 1_000_000   // for iterations of 50 ns or more (RWMutex uncontended and work)
	shortOps        = 100_000_000 // for iterations of a few ns (WaitGroup Wait, Once)
	slack           = 10          // BenchmarkMutexSlack's b.SetParallelism(10)
	localWork       = 100
	counterRoutines = 8
	counterIncrs    = 1_000_000
)

// runParallel is b.RunParallel with a fixed count: GOMAXPROCS*parallelism goroutines each run body
// for an equal share of ops iterations; it returns ns per iteration and the sum of what the bodies
// returned, for the caller to check.
func runParallel(parallelism, ops int, body func(g, n int) int64) (float64, int64) {
	p := runtime.GOMAXPROCS(0) * parallelism
	return runGoroutines(p, ops, body)
}

func runGoroutines(p, ops int, body func(g, n int) int64) (float64, int64) {
	ops /= *scale
	if ops%p != 0 {
		panic(fmt.Sprintf("%d iterations do not split evenly over %d goroutines", ops, p))
	}
	each := ops / p
	var total int64
	var wg sync.WaitGroup
	wg.Add(p)
	start := time.Now()
	for g := 0; g < p; g++ {
		go func(g int) {
			atomic.AddInt64(&total, body(g, each))
			wg.Done()
		}(g)
	}
	wg.Wait()
	elapsed := time.Since(start)
	return float64(elapsed.Nanoseconds()) / float64(ops), atomic.LoadInt64(&total)
}

func check(workload, what string, got, want int64) {
	if got != want {
		panic(fmt.Sprintf("%s: %s is %d, expected %d", workload, what, got, want))
	}
}

// padded keeps each goroutine's own lock on its own cache lines, as Go's Padded* types do.
type paddedMutex struct {
	sync.Mutex
	pad [128]uint8
}

type paddedRWMutex struct {
	sync.RWMutex
	pad [32]uint32
}

type paddedWaitGroup struct {
	sync.WaitGroup
	pad [128]uint8
}

func syncMutexUncontended() float64 {
	ns, n := runParallel(1, syncOps, func(g, n int) int64 {
		var mu paddedMutex
		for i := 0; i < n; i++ {
			mu.Lock()
			mu.Unlock()
		}
		return int64(n)
	})
	check("sync-mutex-uncontended", "lock/unlock pairs", n, syncOps/int64(*scale))
	return ns
}

func mutexContended(name string, parallelism int) float64 {
	var mu sync.Mutex
	ns, n := runParallel(parallelism, syncOps, func(g, n int) int64 {
		for i := 0; i < n; i++ {
			mu.Lock()
			mu.Unlock()
		}
		return int64(n)
	})
	check(name, "lock/unlock pairs", n, syncOps/int64(*scale))
	return ns
}

func syncMutex() float64      { return mutexContended("sync-mutex", 1) }
func syncMutexSlack() float64 { return mutexContended("sync-mutex-slack", slack) }

func syncRWMutexUncontended() float64 {
	ns, n := runParallel(1, longOps, func(g, n int) int64 {
		var rwm paddedRWMutex
		for i := 0; i < n; i++ {
			rwm.RLock()
			rwm.RLock()
			rwm.RUnlock()
			rwm.RUnlock()
			rwm.Lock()
			rwm.Unlock()
		}
		return int64(n)
	})
	check("sync-rwmutex-uncontended", "iterations", n, longOps/int64(*scale))
	return ns
}

// syncRWMutex is benchmarkRWMutex(localWork, writeRatio); foo ends at the goroutine's iteration count.
func syncRWMutex(name string, ops, localWork, writeRatio int) float64 {
	var rwm sync.RWMutex
	ns, foos := runParallel(1, ops, func(g, n int) int64 {
		foo := 0
		for i := 0; i < n; i++ {
			foo++
			if foo%writeRatio == 0 {
				rwm.Lock()
				rwm.Unlock()
			} else {
				rwm.RLock()
				for i := 0; i != localWork; i += 1 {
					foo *= 2
					foo /= 2
				}
				rwm.RUnlock()
			}
		}
		return int64(foo)
	})
	check(name, "the goroutines' foo summed", foos, int64(ops / *scale))
	return ns
}

func syncWaitGroupUncontended() float64 {
	ns, n := runParallel(1, syncOps, func(g, n int) int64 {
		var wg paddedWaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			wg.Done()
			wg.Wait()
		}
		return int64(n)
	})
	check("sync-waitgroup-uncontended", "iterations", n, syncOps/int64(*scale))
	return ns
}

func syncWaitGroupAddDone() float64 {
	var wg sync.WaitGroup
	ns, n := runParallel(1, syncOps, func(g, n int) int64 {
		for i := 0; i < n; i++ {
			wg.Add(1)
			wg.Done()
		}
		return int64(n)
	})
	wg.Wait() // returns at once: the counter is back at zero (a negative one would have panicked)
	check("sync-waitgroup-adddone", "iterations", n, syncOps/int64(*scale))
	return ns
}

func syncWaitGroupWait() float64 {
	var wg sync.WaitGroup
	ns, n := runParallel(1, shortOps, func(g, n int) int64 {
		for i := 0; i < n; i++ {
			wg.Wait()
		}
		return int64(n)
	})
	check("sync-waitgroup-wait", "iterations", n, shortOps/int64(*scale))
	return ns
}

func syncOnce() float64 {
	var once sync.Once
	var runs int64
	f := func() { atomic.AddInt64(&runs, 1) }
	ns, n := runParallel(1, shortOps, func(g, n int) int64 {
		for i := 0; i < n; i++ {
			once.Do(f)
		}
		return int64(n)
	})
	check("sync-once", "calls", n, shortOps/int64(*scale))
	check("sync-once", "runs of f", atomic.LoadInt64(&runs), 1)
	return ns
}

// syncCounter: the mutex anchor, counterRoutines goroutines x counterIncrs increments under one Mutex.
func syncCounter() float64 {
	var mu sync.Mutex
	count := 0
	ns, _ := runGoroutines(counterRoutines, counterRoutines*counterIncrs, func(g, n int) int64 {
		for i := 0; i < n; i++ {
			mu.Lock()
			count++
			mu.Unlock()
		}
		return 0
	})
	mu.Lock()
	check("sync-counter", "the counter", int64(count), counterRoutines*counterIncrs/int64(*scale))
	mu.Unlock()
	return ns
}

// Go's BenchmarkPool and BenchmarkPoolOverflow (src/sync/pool_test.go) with g goroutines, as
// bench/src/main/java/io/gort/bench/PoolBenchmark runs them: each goroutine puts and gets its share.
const (
	poolPairs   = 1_000_000
	poolBatch   = 100
	poolBatches = 10_000
)

// syncPool: the pool's fast path (the per-P private slot); ns per put+get pair.
func syncPool(g int) func() float64 {
	return func() float64 {
		var p sync.Pool
		ns, n := runGoroutines(g, poolPairs, func(_, n int) int64 {
			for i := 0; i < n; i++ {
				p.Put(1)
				p.Get()
			}
			return int64(n)
		})
		check(fmt.Sprintf("sync-pool-g%d", g), "pairs", n, poolPairs/int64(*scale))
		return ns
	}
}

// syncPoolOverflow: past the private slot into the per-P dequeues; ns per batch of 100 + 100.
func syncPoolOverflow(g int) func() float64 {
	return func() float64 {
		var p sync.Pool
		ns, n := runGoroutines(g, poolBatches, func(_, n int) int64 {
			for i := 0; i < n; i++ {
				for b := 0; b < poolBatch; b++ {
					p.Put(1)
				}
				for b := 0; b < poolBatch; b++ {
					p.Get()
				}
			}
			return int64(n)
		})
		check(fmt.Sprintf("sync-pool-overflow-g%d", g), "batches", n, poolBatches/int64(*scale))
		return ns
	}
}

type workload struct {
	name, unit, group string
	run               func() float64
}

var workloads = []workload{
	{"spawn", "ns/goroutine", "sched", spawn},
	{"forkjoin", "ms/tree", "sched", forkjoin},
	{"pingpong", "ns/roundtrip", "sched", pingpong},
	{"chan-pingpong", "ns/roundtrip", "chan", chanPingpong},
	{"chan-spsc", "ns/msg", "chan", chanSpsc},
	{"chan-mpmc", "ns/msg", "chan", chanMpmc},
	{"chan-select", "ns/msg", "chan", chanSelect},
	{"chan-sieve", "ms", "chan", chanSieve},
	{"chan-skynet", "ms", "chan", chanSkynet},
	{"chan-timeout", "ns/roundtrip", "chan", chanTimeout},
	{"sync-mutex-uncontended", "ns/op", "sync", syncMutexUncontended},
	{"sync-mutex", "ns/op", "sync", syncMutex},
	{"sync-mutex-slack", "ns/op", "sync", syncMutexSlack},
	{"sync-rwmutex-uncontended", "ns/op", "sync", syncRWMutexUncontended},
	{"sync-rwmutex-write100", "ns/op", "sync", func() float64 { return syncRWMutex("sync-rwmutex-write100", syncOps, 0, 100) }},
	{"sync-rwmutex-write10", "ns/op", "sync", func() float64 { return syncRWMutex("sync-rwmutex-write10", syncOps, 0, 10) }},
	{"sync-rwmutex-workwrite100", "ns/op", "sync", func() float64 { return syncRWMutex("sync-rwmutex-workwrite100", longOps, localWork, 100) }},
	{"sync-rwmutex-workwrite10", "ns/op", "sync", func() float64 { return syncRWMutex("sync-rwmutex-workwrite10", longOps, localWork, 10) }},
	{"sync-waitgroup-uncontended", "ns/op", "sync", syncWaitGroupUncontended},
	{"sync-waitgroup-adddone", "ns/op", "sync", syncWaitGroupAddDone},
	{"sync-waitgroup-wait", "ns/op", "sync", syncWaitGroupWait},
	{"sync-once", "ns/op", "sync", syncOnce},
	{"sync-counter", "ns/op", "sync", syncCounter},
	{"sync-pool-g2", "ns/op", "sync", syncPool(2)},
	{"sync-pool-g8", "ns/op", "sync", syncPool(8)},
	{"sync-pool-overflow-g2", "ns/batch", "sync", syncPoolOverflow(2)},
	{"sync-pool-overflow-g8", "ns/batch", "sync", syncPoolOverflow(8)},
	{"ctx-withcancel", "ns/op", "ctx", ctxWithCancel},
	{"ctx-err", "ns/op", "ctx", ctxErr},
	{"ctx-done-select", "ns/op", "ctx", ctxDoneSelect},
	{"ctx-tree", "us/tree", "ctx", ctxTree},
	{"ctx-tree-cancel", "us/tree", "ctx", ctxTreeCancel},
	{"ctx-errgroup", "ns/task", "ctx", ctxErrgroup},
	{"ctx-pipeline", "ns/item", "ctx", ctxPipeline},
	{"ctx-rate-inf", "ns/op", "ctx", ctxRateInf},
	{"ctx-rate-allow", "ns/op", "ctx", ctxRateAllow},
	{"ctx-rate-deny", "ns/op", "ctx", ctxRateDeny},
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func main() {
	warmup := flag.Int("warmup", 3, "warm-up runs per workload (not measured)")
	runs := flag.Int("runs", 5, "measured runs per workload")
	flag.Parse()
	which := flag.Arg(0)
	if which == "" {
		which = "all"
	}
	fmt.Printf("# %s GOMAXPROCS=%d NumCPU=%d warmup=%d runs=%d\n",
		runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), *warmup, *runs)
	found := false
	for _, w := range workloads {
		if which != "all" && which != w.group && which != w.name {
			continue
		}
		found = true
		for i := 0; i < *warmup; i++ {
			w.run()
		}
		xs := make([]float64, *runs)
		for i := range xs {
			runtime.GC() // start each measured run from a collected heap, as a JMH iteration roughly does
			xs[i] = w.run()
		}
		fmt.Printf("RESULT %s %.1f %s runs=%.1f\n", w.name, median(xs), w.unit, xs)
	}
	if !found {
		fmt.Fprintf(os.Stderr, "unknown workload %q: expected a workload's name (see the top of main.go), sched, chan, sync, ctx or all\n", which)
		os.Exit(2)
	}
}
