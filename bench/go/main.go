// Command bench runs gort's scheduler workloads in Go, for comparison with the JMH benchmarks in
// bench/src/main/java/io/gort/bench. Each workload is run -warmup times, then -runs times; it
// prints the median of the measured runs in the unit JMH reports:
//
//	spawn     ns/goroutine   1,000,000 goroutines spawned by one goroutine; each calls wg.Done
//	forkjoin  ms/tree        10 children x 6 levels (1,000,000 leaves); each node waits on a WaitGroup
//	pingpong  ns/round trip  two goroutines, two unbuffered channels, 1,000,000 round trips
//
// Usage: GOMAXPROCS=2 go run . [-warmup 3] [-runs 5] [spawn|forkjoin|pingpong|all]
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

type workload struct {
	name, unit string
	run        func() float64
}

var workloads = []workload{
	{"spawn", "ns/goroutine", spawn},
	{"forkjoin", "ms/tree", forkjoin},
	{"pingpong", "ns/roundtrip", pingpong},
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
		if which != "all" && which != w.name {
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
		fmt.Fprintf(os.Stderr, "unknown workload %q: expected spawn, forkjoin, pingpong or all\n", which)
		os.Exit(2)
	}
}
