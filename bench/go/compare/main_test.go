package main

import (
	"encoding/json"
	"runtime"
	"testing"
)

// TestSmoke runs every workload at the smoke size on 2 Ps, as the runner's smoke mode does: each
// must pass its own check and measure a positive value, and leave no goroutine behind.
func TestSmoke(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	if len(workloads) != 12 {
		t.Fatalf("%d workloads, the suite has 12", len(workloads))
	}
	for _, w := range workloads {
		t.Run(w.id, func(t *testing.T) {
			before := runtime.NumGoroutine()
			values, err := measure(w, sizes["smoke"], 1, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(values) != 2 {
				t.Fatalf("%d values, expected 2", len(values))
			}
			for _, v := range values {
				if !(v > 0) {
					t.Errorf("measured %v %s, expected a positive value", v, w.unit)
				}
			}
			// Exited goroutines leave NumGoroutine at once, but the echo server's connection
			// goroutines may still be returning from Close: give them a bounded moment.
			for i := 0; runtime.NumGoroutine() > before && i < 1000; i++ {
				runtime.Gosched()
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("%d goroutines left running (%d before)", n-before, before)
			}
		})
	}
}

// TestResultLine checks the fork protocol's JSON line: the field names the runner reads.
func TestResultLine(t *testing.T) {
	line := result{Subject: "go", Workload: "skynet", Size: "smoke", Procs: 2, Unit: "ms",
		Values: []float64{1.5, 2}, OK: true}.line()
	want := `{"subject":"go","workload":"skynet","size":"smoke","procs":2,"unit":"ms","values":[1.5,2],"ok":true}`
	if line != want {
		t.Fatalf("got  %s\nwant %s", line, want)
	}
	var back map[string]any
	failed := result{Subject: "go", Workload: "echo", Size: "full", Procs: 1, Unit: "us/request",
		Values: []float64{}, Error: "boom"}.line()
	if err := json.Unmarshal([]byte(failed), &back); err != nil {
		t.Fatal(err)
	}
	if back["ok"] != false || back["error"] != "boom" {
		t.Fatalf("a failed result reads %s", failed)
	}
}
