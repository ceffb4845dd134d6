module gort.io/bench

go 1.19
