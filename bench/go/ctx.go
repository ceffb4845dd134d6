package main

// The ctx group: context, errgroup, a pipeline and a rate limiter, with the parameters of the
// Ctx*Benchmark classes in bench/src/main/java/io/gort/bench (see the top of main.go).

import (
	"context"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"
)

const (
	ctxOps        = 10_000_000 // calls per run of the context workloads
	rateOps       = 2_000_000  // Allow calls per run (~0.1-0.3 µs each)
	withCancelOps = 1_000_000  // WithCancel + cancel pairs per run
	treeFanout    = 10         // the cancel tree: 10 children per node, 4 levels below the root,
	treeDepth     = 4          // 10 + 100 + 1,000 + 10,000 = 11,110 cancel contexts (10,000 leaves)
	treeNodes     = 11_110
	treesPerRun   = 100
	groupTasks    = 10_000 // errgroup: tasks per group, at most groupLimit running at once
	groupLimit    = 8
	groupsPerRun  = 20
	pipelineItems = 1_000_000 // the pipeline's items: 0 .. pipelineItems-1
)

// ctxWithCancel: derive a child of a live cancelable parent and cancel it (the child joins the
// parent's children and leaves them again), ns per pair.
func ctxWithCancel() float64 {
	n := withCancelOps / *scale
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	var last context.Context
	start := time.Now()
	for i := 0; i < n; i++ {
		c, cancel := context.WithCancel(parent)
		cancel()
		last = c
	}
	elapsed := time.Since(start)
	if last.Err() != context.Canceled || parent.Err() != nil {
		panic("ctx-withcancel: the child is not canceled, or the parent is")
	}
	return float64(elapsed.Nanoseconds()) / float64(n)
}

// ctxErr: ctx.Err() of a live cancel context, ns per call.
func ctxErr() float64 {
	n := ctxOps / *scale
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			done++
		}
	}
	elapsed := time.Since(start)
	check("ctx-err", "calls that saw an error", int64(done), 0)
	return float64(elapsed.Nanoseconds()) / float64(n)
}

// ctxDoneSelect: select { case <-ctx.Done(): default: } on a live cancel context, ns per select.
func ctxDoneSelect() float64 {
	n := ctxOps / *scale
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		select {
		case <-ctx.Done():
			done++
		default:
		}
	}
	elapsed := time.Since(start)
	check("ctx-done-select", "selects that saw Done", int64(done), 0)
	return float64(elapsed.Nanoseconds()) / float64(n)
}

// buildTree derives treeFanout children of parent, and of each of them, depth levels deep;
// it returns the number of contexts made and the last leaf.
func buildTree(parent context.Context, depth int) (int, context.Context) {
	if depth == 0 {
		return 0, parent
	}
	made, leaf := 0, parent
	for i := 0; i < treeFanout; i++ {
		c, cancel := context.WithCancel(parent)
		_ = cancel // the root's cancel cancels c (Go's BenchmarkCancelTree drops it too)
		m, l := buildTree(c, depth-1)
		made += 1 + m
		leaf = l
	}
	return made, leaf
}

// ctxTree: build the tree under a fresh root and cancel the root, µs per tree (both timed).
func ctxTree() float64 { return ctxTreeWith("ctx-tree", true) }

// ctxTreeCancel: the same, only the root's cancel timed, µs per tree.
func ctxTreeCancel() float64 { return ctxTreeWith("ctx-tree-cancel", false) }

func ctxTreeWith(name string, timeBuild bool) float64 {
	var total time.Duration
	for t := 0; t < treesPerRun; t++ {
		start := time.Now()
		root, cancel := context.WithCancel(context.Background())
		made, leaf := buildTree(root, treeDepth)
		if !timeBuild {
			start = time.Now()
		}
		cancel()
		total += time.Since(start)
		check(name, "contexts in the tree", int64(made), treeNodes)
		if leaf.Err() != context.Canceled {
			panic(name + ": a leaf is not canceled after the root's cancel")
		}
	}
	return float64(total.Nanoseconds()) / 1e3 / treesPerRun
}

// ctxErrgroup: errgroup.Group with SetLimit(groupLimit), groupTasks tasks that each add 1 to a
// counter, then Wait; ns per task.
func ctxErrgroup() float64 {
	n := groupTasks / *scale
	start := time.Now()
	for r := 0; r < groupsPerRun; r++ {
		var g errgroup.Group
		g.SetLimit(groupLimit)
		var count int64
		for i := 0; i < n; i++ {
			g.Go(func() error {
				atomic.AddInt64(&count, 1)
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			panic(err)
		}
		check("ctx-errgroup", "tasks run", atomic.LoadInt64(&count), int64(n))
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n*groupsPerRun)
}

// The pipeline of "Concurrency in Go" (ch. 4, "Best Practices for Constructing Pipelines"): each
// stage a goroutine that selects between done and its unbuffered output for every item.
func generator(done <-chan interface{}, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			select {
			case <-done:
				return
			case out <- i:
			}
		}
	}()
	return out
}

func multiply(done <-chan interface{}, in <-chan int, multiplier int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range in {
			select {
			case <-done:
				return
			case out <- i * multiplier:
			}
		}
	}()
	return out
}

func filterMultiples(done <-chan interface{}, in <-chan int, of int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range in {
			if i%of != 0 {
				continue
			}
			select {
			case <-done:
				return
			case out <- i:
			}
		}
	}()
	return out
}

// pipelineSum is the sum that generator → x*2 → keep multiples of 3 delivers for n items:
// 2 × (0 + 3 + 6 + ...) over the multiples of 3 below n.
func pipelineSum(n int64) int64 {
	k := (n + 2) / 3 // multiples of 3 in [0, n)
	return 2 * 3 * k * (k - 1) / 2
}

// ctxPipeline: generator → multiply by 2 → keep multiples of 3 → sum in the main goroutine, over
// pipelineItems items; ns per item generated.
func ctxPipeline() float64 {
	n := pipelineItems / *scale
	done := make(chan interface{})
	start := time.Now()
	var sum int64
	for v := range filterMultiples(done, multiply(done, generator(done, n), 2), 3) {
		sum += int64(v)
	}
	close(done)
	elapsed := time.Since(start)
	check("ctx-pipeline", "the sum", sum, pipelineSum(int64(n)))
	return float64(elapsed.Nanoseconds()) / float64(n)
}

// rateAllow: lim.Allow() rateOps times, ns per call; want is whether every call is allowed (true)
// or every call denied (false).
func rateAllow(name string, lim *rate.Limiter, want bool) float64 {
	n := rateOps / *scale
	allowed := 0
	start := time.Now()
	for i := 0; i < n; i++ {
		if lim.Allow() {
			allowed++
		}
	}
	elapsed := time.Since(start)
	expected := 0
	if want {
		expected = n
	}
	check(name, "calls allowed", int64(allowed), int64(expected))
	return float64(elapsed.Nanoseconds()) / float64(n)
}

// ctxRateInf: a limiter at rate.Inf (its fast path: every event allowed).
func ctxRateInf() float64 { return rateAllow("ctx-rate-inf", rate.NewLimiter(rate.Inf, 1), true) }

// ctxRateAllow: a limiter at 10^9 events/s, burst 1: a token is always back by the next call.
func ctxRateAllow() float64 { return rateAllow("ctx-rate-allow", rate.NewLimiter(1e9, 1), true) }

// ctxRateDeny: one event an hour, burst 1, its token taken: every call is denied.
func ctxRateDeny() float64 {
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	if !lim.Allow() {
		panic("ctx-rate-deny: the first event was denied")
	}
	return rateAllow("ctx-rate-deny", lim, false)
}
