package main

// The twelve workloads of the comparison suite, with the parameters of
// bench/src/main/java/io/gort/bench/compare/Workload.java (FULL | SMOKE). Each run is one whole
// program: it starts its goroutines, checks what came out, waits until every goroutine it started
// has exited, and returns the measured value in the workload's unit. A failed check is an error,
// never a panic in a goroutine (which would kill the process without the JSON line), so a check
// happens in the goroutine that measures, or the value travels to it over a channel first.

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// size holds one column of the parameter table.
type size struct {
	spawn        int // goroutines spawned
	skynetLeaves int64
	roundTrips   int // ping-pong
	spsc         int // ints through one buffered channel
	mpmc         int // ints through one buffered channel, 4 x 4
	selectMsgs   int // ints in all over the 4 channels
	sievePrimes  int // the n-th prime ...
	sieveLast    int // ... is this one
	idle         int // parked goroutines
	mutexIncrs   int // per goroutine
	pipeline     int // items
	timers       int // goroutines, each with one 10 ms timer
	echoClients  int
	echoRequests int // per client
}

var sizes = map[string]size{
	"full": {spawn: 1_000_000, skynetLeaves: 1_000_000, roundTrips: 100_000, spsc: 1_000_000, mpmc: 1_000_000,
		selectMsgs: 400_000, sievePrimes: 2000, sieveLast: 17389, idle: 1_000_000, mutexIncrs: 1_000_000,
		pipeline: 1_000_000, timers: 100_000, echoClients: 100, echoRequests: 1000},
	"smoke": {spawn: 1000, skynetLeaves: 1000, roundTrips: 1000, spsc: 10_000, mpmc: 10_000,
		selectMsgs: 4000, sievePrimes: 100, sieveLast: 541, idle: 1000, mutexIncrs: 1000,
		pipeline: 10_000, timers: 1000, echoClients: 4, echoRequests: 10},
}

const (
	capacity        = 1024 // spsc and mpmc
	mpmcProducers   = 4
	mpmcConsumers   = 4
	selectChans     = 4
	skynetFanout    = 10
	mutexGoroutines = 8
	pipelineWorkers = 4
	timerDelay      = 10 * time.Millisecond
	echoMessage     = 64 // bytes per request and per reply
)

type workload struct {
	id, unit string
	run      func(size) (float64, error)
}

var workloads = []workload{
	{"spawn", "ns/goroutine", spawn},
	{"skynet", "ms", skynet},
	{"pingpong", "ns/roundtrip", pingpong},
	{"spsc", "ns/msg", spsc},
	{"mpmc", "ns/msg", mpmc},
	{"select", "ns/msg", selectWorkload},
	{"sieve", "ms", sieve},
	{"idle", "bytes/goroutine", idle},
	{"mutex", "ns/op", mutex},
	{"pipeline", "ns/item", pipeline},
	{"timers", "ms", timers},
	{"echo", "us/request", echo},
}

func workloadIDs() []string {
	ids := make([]string, len(workloads))
	for i, w := range workloads {
		ids[i] = w.id
	}
	return ids
}

func per(elapsed time.Duration, n int) float64 { return float64(elapsed.Nanoseconds()) / float64(n) }
func millis(elapsed time.Duration) float64     { return float64(elapsed.Nanoseconds()) / 1e6 }

// checkSum fails unless sum is 0 + 1 + ... + (n-1), the sum of the values sent.
func checkSum(sum int64, n int) error {
	if want := int64(n) * int64(n-1) / 2; sum != want {
		return fmt.Errorf("received values sum to %d, expected %d", sum, want)
	}
	return nil
}

// spawn: the measuring goroutine spawns s.spawn goroutines and waits; each counts a shared counter
// down, and the one that reaches zero closes done. done closes only after exactly s.spawn
// decrements, which is the check.
func spawn(s size) (float64, error) {
	left := int64(s.spawn)
	done := make(chan struct{})
	start := time.Now()
	for i := 0; i < s.spawn; i++ {
		go func() {
			if atomic.AddInt64(&left, -1) == 0 {
				close(done)
			}
		}()
	}
	<-done
	elapsed := time.Since(start)
	if n := atomic.LoadInt64(&left); n != 0 {
		return 0, fmt.Errorf("%d goroutines did not count down", n)
	}
	return per(elapsed, s.spawn), nil
}

// skynet: github.com/atemerev/skynet; 10 children per node, each node sends its sum up an
// unbuffered channel; the root checks the sum of the leaves' numbers.
func skynet(s size) (float64, error) {
	c := make(chan int64)
	start := time.Now()
	go skynetNode(c, 0, s.skynetLeaves)
	sum := <-c
	elapsed := time.Since(start)
	if want := s.skynetLeaves * (s.skynetLeaves - 1) / 2; sum != want {
		return 0, fmt.Errorf("the root received %d, expected %d", sum, want)
	}
	return millis(elapsed), nil
}

func skynetNode(c chan<- int64, num, leaves int64) {
	if leaves == 1 {
		c <- num
		return
	}
	rc := make(chan int64)
	child := leaves / skynetFanout
	for i := int64(0); i < skynetFanout; i++ {
		go skynetNode(rc, num+i*child, child)
	}
	var sum int64
	for i := 0; i < skynetFanout; i++ {
		sum += <-rc
	}
	c <- sum
}

// pingpong: two goroutines, two unbuffered channels; the ponger returns what it received.
func pingpong(s size) (float64, error) {
	n := s.roundTrips
	ping, pong := make(chan int), make(chan int)
	done := make(chan int64)
	start := time.Now()
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	go func() {
		var sum int64
		for i := 0; i < n; i++ {
			ping <- i
			sum += int64(<-pong)
		}
		close(ping) // the ponger's range ends: it exits
		done <- sum
	}()
	sum := <-done
	elapsed := time.Since(start)
	return per(elapsed, n), checkSum(sum, n)
}

// producersConsumers: producers send 0..n-1 (split evenly) into one channel of capacity; when all
// have sent, the measuring goroutine closes it; consumers range over it and add up what they got.
// The producer count divides n in both sizes.
func producersConsumers(n, producers, consumers int) (float64, error) {
	ch := make(chan int, capacity)
	perProducer := n / producers
	sums := make(chan int64)
	var sent sync.WaitGroup
	sent.Add(producers)
	start := time.Now()
	for p := 0; p < producers; p++ {
		go func(base int) {
			for i := 0; i < perProducer; i++ {
				ch <- base + i
			}
			sent.Done()
		}(p * perProducer)
	}
	for c := 0; c < consumers; c++ {
		go func() {
			var sum int64
			for v := range ch {
				sum += int64(v)
			}
			sums <- sum
		}()
	}
	sent.Wait()
	close(ch)
	var total int64
	for c := 0; c < consumers; c++ {
		total += <-sums
	}
	elapsed := time.Since(start)
	return per(elapsed, n), checkSum(total, n)
}

func spsc(s size) (float64, error) { return producersConsumers(s.spsc, 1, 1) }
func mpmc(s size) (float64, error) {
	return producersConsumers(s.mpmc, mpmcProducers, mpmcConsumers)
}

// selectWorkload: one consumer selects over 4 unbuffered channels, one producer each.
func selectWorkload(s size) (float64, error) {
	perProducer := s.selectMsgs / selectChans
	n := perProducer * selectChans
	var chans [selectChans]chan int
	for i := range chans {
		chans[i] = make(chan int)
	}
	start := time.Now()
	for p := range chans {
		go func(ch chan<- int, base int) {
			for i := 0; i < perProducer; i++ {
				ch <- base + i
			}
		}(chans[p], p*perProducer)
	}
	var sum int64
	for i := 0; i < n; i++ {
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
	elapsed := time.Since(start)
	return per(elapsed, n), checkSum(sum, n)
}

// sieve: Go's concurrent prime sieve (test/chan/sieve1.go) to the s.sievePrimes-th prime, then
// torn down inside the measured time: the generator stops and closes its channel, each filter
// closes its output when its input closes, and the measuring goroutine drains the last channel.
func sieve(s size) (float64, error) {
	start := time.Now()
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
	for n := 0; n < s.sievePrimes; n++ {
		prime = <-ch
		if n == s.sievePrimes-1 {
			break
		}
		out := make(chan int)
		go sieveFilter(ch, out, prime)
		ch = out
	}
	stop.Store(true)
	for range ch {
	}
	elapsed := time.Since(start)
	if prime != s.sieveLast {
		return 0, fmt.Errorf("prime number %d came out as %d, expected %d", s.sievePrimes, prime, s.sieveLast)
	}
	return millis(elapsed), nil
}

func sieveFilter(in <-chan int, out chan<- int, prime int) {
	for v := range in {
		if v%prime != 0 {
			out <- v
		}
	}
	close(out)
}

// idle: s.idle goroutines, each parked on a receive from ONE channel; the value is
// (StackInuse + HeapInuse after) - (the same before), over s.idle: what a parked goroutine costs
// (its stack, its g, its sudog), the figure Go's own goroutine-size measurements use. Both readings
// follow a runtime.GC(). Then the channel is closed and every goroutine must see it closed and exit.
func idle(s size) (float64, error) {
	n := s.idle
	gate := make(chan struct{})
	var started, exited sync.WaitGroup
	var woken int64
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	started.Add(n)
	exited.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			if _, ok := <-gate; !ok {
				atomic.AddInt64(&woken, 1)
			}
			exited.Done()
		}()
	}
	// Every goroutine has its stack and its g now, and has run up to the receive; those still
	// running on another P park before the collection below ends (at most procs sudogs, ~100 bytes
	// each, could be missing: noise next to n stacks).
	started.Wait()
	runtime.GC()
	runtime.ReadMemStats(&after)
	close(gate)
	exited.Wait()
	if w := atomic.LoadInt64(&woken); w != int64(n) {
		return 0, fmt.Errorf("%d of %d goroutines saw the channel closed", w, n)
	}
	delta := int64(after.StackInuse+after.HeapInuse) - int64(before.StackInuse+before.HeapInuse)
	if delta <= 0 {
		return 0, fmt.Errorf("StackInuse+HeapInuse did not grow with %d goroutines parked (%d bytes)", n, delta)
	}
	return float64(delta) / float64(n), nil
}

// mutex: 8 goroutines x s.mutexIncrs increments of one counter under one sync.Mutex; ns per increment.
func mutex(s size) (float64, error) {
	var mu sync.Mutex
	var counter int64
	var wg sync.WaitGroup
	wg.Add(mutexGoroutines)
	start := time.Now()
	for g := 0; g < mutexGoroutines; g++ {
		go func() {
			for i := 0; i < s.mutexIncrs; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	total := mutexGoroutines * s.mutexIncrs
	mu.Lock()
	got := counter
	mu.Unlock()
	if got != int64(total) {
		return 0, fmt.Errorf("the counter is %d, expected %d", got, total)
	}
	return per(elapsed, total), nil
}

// pipeline: a generator sends 1..n on an unbuffered channel and closes it; 4 workers range over it
// and send x*x on one shared unbuffered channel (the fan-in: the workers are its senders); a closer
// goroutine closes that channel once all 4 workers are done; the measuring goroutine sums what comes
// out. Checked: the sum of squares. (The Go blog's pipeline gives each worker its own output and
// merges them with a goroutine per input: one more hop per item; every subject uses the shared
// channel instead.)
func pipeline(s size) (float64, error) {
	n := s.pipeline
	start := time.Now()
	in := make(chan int64)
	out := make(chan int64)
	go func() {
		for i := int64(1); i <= int64(n); i++ {
			in <- i
		}
		close(in)
	}()
	var workers sync.WaitGroup
	workers.Add(pipelineWorkers)
	for w := 0; w < pipelineWorkers; w++ {
		go func() {
			for x := range in {
				out <- x * x
			}
			workers.Done()
		}()
	}
	go func() {
		workers.Wait()
		close(out)
	}()
	var sum int64
	for v := range out {
		sum += v
	}
	elapsed := time.Since(start)
	if want := int64(n) * int64(n+1) * int64(2*n+1) / 6; sum != want {
		return 0, fmt.Errorf("the squares sum to %d, expected %d", sum, want)
	}
	return per(elapsed, n), nil
}

// timers: s.timers goroutines each select { case <-never: case <-time.After(10ms): }; all must time
// out. The value is the wall time until the last one has; 10 ms of it is the timer itself.
func timers(s size) (float64, error) {
	never := make(chan struct{})
	var timedOut, fired int64
	var wg sync.WaitGroup
	wg.Add(s.timers)
	start := time.Now()
	for i := 0; i < s.timers; i++ {
		go func() {
			select {
			case <-never:
				atomic.AddInt64(&fired, 1)
			case <-time.After(timerDelay):
				atomic.AddInt64(&timedOut, 1)
			}
			wg.Done()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if t, f := atomic.LoadInt64(&timedOut), atomic.LoadInt64(&fired); t != int64(s.timers) || f != 0 {
		return 0, fmt.Errorf("%d of %d goroutines timed out, %d received from the never-ready channel", t, s.timers, f)
	}
	return millis(elapsed), nil
}

// echo: an echo server on loopback TCP (an accept loop and a goroutine per connection, copying what
// it reads back, as io.Copy(conn, conn) does) and s.echoClients clients, each a goroutine with its
// own connection that sends s.echoRequests requests of 64 bytes and reads each 64-byte reply before
// the next request (request/response). The value is the wall time from the first dial to the last
// client's close, over all requests: microseconds per request at this concurrency. Checked: every
// reply is the request, byte for byte, and the server echoed exactly the bytes sent. Go's TCP
// connections have TCP_NODELAY set; every subject sets it.
func echo(s size) (float64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	var serverBytes int64
	var server sync.WaitGroup
	server.Add(1)
	go func() { // accept loop: ends when ln is closed
		defer server.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			server.Add(1)
			go func() {
				defer server.Done()
				n, _ := io.Copy(conn, conn) // until the client closes its side
				atomic.AddInt64(&serverBytes, n)
				conn.Close()
			}()
		}
	}()
	addr := ln.Addr().String()
	errs := make(chan error, s.echoClients)
	start := time.Now()
	for c := 0; c < s.echoClients; c++ {
		go func(c int) { errs <- echoClient(addr, c, s.echoRequests) }(c)
	}
	var failures []error
	for c := 0; c < s.echoClients; c++ {
		if err := <-errs; err != nil {
			failures = append(failures, err)
		}
	}
	elapsed := time.Since(start)
	ln.Close()
	server.Wait()
	if len(failures) > 0 {
		return 0, fmt.Errorf("%d of %d clients failed, the first: %w", len(failures), s.echoClients, failures[0])
	}
	want := int64(s.echoClients) * int64(s.echoRequests) * echoMessage
	if got := atomic.LoadInt64(&serverBytes); got != want {
		return 0, fmt.Errorf("the server echoed %d bytes, expected %d", got, want)
	}
	return float64(elapsed.Nanoseconds()) / 1e3 / float64(s.echoClients*s.echoRequests), nil
}

// echoClient dials addr and does requests round trips of echoMessage bytes; request r of client c
// is filled with byte(c + r + i), so a reply from the wrong connection or position shows.
func echoClient(addr string, c, requests int) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	req, reply := make([]byte, echoMessage), make([]byte, echoMessage)
	for r := 0; r < requests; r++ {
		for i := range req {
			req[i] = byte(c + r + i)
		}
		if _, err := conn.Write(req); err != nil {
			return fmt.Errorf("client %d request %d: %w", c, r, err)
		}
		if _, err := io.ReadFull(conn, reply); err != nil {
			return fmt.Errorf("client %d reply %d: %w", c, r, err)
		}
		for i := range reply {
			if reply[i] != req[i] {
				return fmt.Errorf("client %d reply %d: byte %d is %d, sent %d", c, r, i, reply[i], req[i])
			}
		}
	}
	return nil
}
