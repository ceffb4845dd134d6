// Command compare is the Go subject of the comparison suite (bench/README.md, "Comparison suite"):
// the twelve whole-program workloads of io.gort.bench.compare.Workload, written the way a Go
// programmer writes them, with the same parameters as every JVM subject. One process runs one
// workload: -warmup unmeasured iterations, then -iterations measured ones, and prints the fork
// protocol's JSON line as its last line of stdout:
//
//	{"subject":"go","workload":"skynet","size":"full","procs":2,"unit":"ms","values":[...],"ok":true}
//
// or, when a check fails or the process runs past -timeout, the same object with "ok":false and
// "error":"..." (exit status 1). Every workload checks its own result (a sum, a count, the last
// prime, the bytes echoed) and returns only after every goroutine it started has exited.
//
// Build and run (from bench/go; the module needs no network):
//
//	GOFLAGS=-mod=mod GOPROXY=off go build -o bin/compare ./compare
//	bin/compare -subject go -workload skynet -size smoke -procs 2 -warmup 1 -iterations 3
//
// -workload all runs every workload in turn and prints one JSON line each (the self-check:
// `bin/compare -workload all -size smoke`); `go test ./compare` does the same as a Go test.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// result is the fork protocol's JSON line; Error is omitted when OK.
type result struct {
	Subject  string    `json:"subject"`
	Workload string    `json:"workload"`
	Size     string    `json:"size"`
	Procs    int       `json:"procs"`
	Unit     string    `json:"unit"`
	Values   []float64 `json:"values"`
	OK       bool      `json:"ok"`
	Error    string    `json:"error,omitempty"`
}

func (r result) line() string {
	b, err := json.Marshal(r)
	if err != nil { // only NaN or Inf can fail here; report it rather than print half a line
		r.Values, r.OK, r.Error = []float64{}, false, "encoding the result: "+err.Error()
		b, _ = json.Marshal(r)
	}
	return string(b)
}

// measure runs w warmup times, then iterations times after a runtime.GC() each (a collected heap to
// start from, as a JVM iteration roughly gets), and returns the measured values; it stops at the
// first failed check.
func measure(w workload, s size, warmup, iterations int) ([]float64, error) {
	for i := 0; i < warmup; i++ {
		if _, err := w.run(s); err != nil {
			return []float64{}, fmt.Errorf("warm-up iteration %d: %w", i+1, err)
		}
	}
	values := make([]float64, 0, iterations)
	for i := 0; i < iterations; i++ {
		runtime.GC()
		v, err := w.run(s)
		if err != nil {
			return values, fmt.Errorf("iteration %d: %w", i+1, err)
		}
		values = append(values, v)
	}
	return values, nil
}

func main() {
	subject := flag.String("subject", "go", "the subject; this program is only \"go\"")
	name := flag.String("workload", "", "a workload id ("+strings.Join(workloadIDs(), ", ")+") or all")
	sizeName := flag.String("size", "smoke", "smoke (tiny parameters) or full")
	procs := flag.Int("procs", runtime.GOMAXPROCS(0), "GOMAXPROCS")
	warmup := flag.Int("warmup", 1, "unmeasured iterations")
	iterations := flag.Int("iterations", 3, "measured iterations")
	timeout := flag.Duration("timeout", 10*time.Minute, "fail (ok:false, exit 1) if the whole process runs longer")
	flag.Parse()

	usage := func(msg string) {
		fmt.Fprintln(os.Stderr, "compare: "+msg)
		flag.Usage()
		os.Exit(2)
	}
	if *subject != "go" {
		usage(fmt.Sprintf("unknown subject %q: this program is the \"go\" subject only", *subject))
	}
	s, ok := sizes[*sizeName]
	if !ok {
		usage(fmt.Sprintf("unknown size %q: expected smoke or full", *sizeName))
	}
	if *procs < 1 || *warmup < 0 || *iterations < 1 {
		usage("need -procs >= 1, -warmup >= 0, -iterations >= 1")
	}
	var chosen []workload
	for _, w := range workloads {
		if *name == "all" || *name == w.id {
			chosen = append(chosen, w)
		}
	}
	if len(chosen) == 0 {
		usage(fmt.Sprintf("unknown workload %q: expected one of %s, or all", *name, strings.Join(workloadIDs(), ", ")))
	}
	runtime.GOMAXPROCS(*procs)

	// A workload that loses a wake-up would hang; the watchdog turns that into a failed result.
	current := make(chan result, 1)
	time.AfterFunc(*timeout, func() {
		r := <-current
		r.OK, r.Error = false, fmt.Sprintf("timed out after %v", *timeout)
		fmt.Println(r.line())
		os.Exit(1)
	})
	failed := false
	for _, w := range chosen {
		r := result{Subject: "go", Workload: w.id, Size: *sizeName, Procs: *procs, Unit: w.unit, Values: []float64{}}
		current <- r
		values, err := measure(w, s, *warmup, *iterations)
		<-current
		r.Values, r.OK = values, err == nil
		if err != nil {
			r.Error, failed = err.Error(), true
		}
		fmt.Println(r.line())
	}
	if failed {
		os.Exit(1)
	}
}
