module gort.io/bench

go 1.19

// The ctx group's errgroup and rate limiter: golang.org/x/sync v0.1.0 and golang.org/x/time v0.3.0,
// read from Debian's golang-golang-x-sync-dev and golang-golang-x-time-dev (the same releases), so
// that the build needs no network (bench/run installs them with apt-get when they are missing).
// Without them: drop the two replace lines and run `go mod tidy` once with network access.
require (
	golang.org/x/sync v0.1.0
	golang.org/x/time v0.3.0
)

replace (
	golang.org/x/sync => /usr/share/gocode/src/golang.org/x/sync
	golang.org/x/time => /usr/share/gocode/src/golang.org/x/time
)
